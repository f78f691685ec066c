package org.daqhub.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the job-monitoring routes answer, written in snake_case: the seed's names ({@code job_id},
 * {@code duration_s}); numbers keep their types (an id is an integer, a metric a double), times are ISO-8601 text.
 */
public final class JobViews {
    private JobViews() {
    }

    /** A job: the merge of its events (latest status and metrics, metadata merged key by key). */
    public record JobView(String jobId, String appId, String appName, String appVersion, String siteId, String jobKey,
            String status, String startedAt, String endedAt, Double durationS, Double cpuUserS, Double cpuSystemS,
            Double memMaxMb, Double progress, JsonNode metadata, String insertedAt, String updatedAt) {
    }

    public record SubjobView(String subjobId, String jobId, String appId, String appName, String appVersion,
            String siteId, String subKey, String status, String startedAt, String endedAt, Double durationS,
            Double cpuUserS, Double cpuSystemS, Double memMaxMb, Double progress, JsonNode metadata, String insertedAt,
            String updatedAt) {
    }

    /** One event as it arrived: its own metrics and metadata, as sent. */
    public record EventView(long eventId, String idempotencyKey, String at, String entityType, String entityId,
            String kind, String status, JsonNode metrics, JsonNode metadata, String insertedAt) {
    }

    /** GET /v1/jobs/{id}: the job, its subjobs and every event of both, in the order they arrived. */
    public record JobDetail(@JsonUnwrapped JobView job, List<SubjobView> subjobs, List<EventView> events) {
    }

    /** GET /v1/jobs and /v1/subjobs: the seed's envelope. */
    public record Listing<T>(List<T> items, int count, double durationS) {
    }
}
