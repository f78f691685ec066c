package org.daqhub.worksets;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** What the API answers (snake_case on the wire: {@code workset_id}, {@code state_history}, ...), the seed's names. */
public final class WorksetViews {
    private WorksetViews() {
    }

    /** One entry of the append-only history: the state entered, when (database clock), why, by whom, under which lease. */
    public record HistoryEntry(String state, String timestamp, String reason, String actor, long fencingToken) {
    }

    /** A workset; {@code state_history} only where one workset is answered whole (GET /worksets/{id}, register). */
    public record Workset(String worksetId, String state, String priority, String bucket, String prefix, JsonNode metadata,
            Double estimatedCost, String lockOwner, String lockAcquiredAt, String lockExpiresAt, long fencingToken,
            String errorDetails, String errorCategory, String failedStep, int retryCount, int maxRetries,
            String retryAfter, String preferredCluster, String clusterName, JsonNode metrics, String createdAt,
            String updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> stateHistory) {
    }

    /**
     * A lease as its holder sees it: every later write of the holder (state, heartbeat, release, failure) sends
     * {@code fencing_token} back; once another holder has taken over, that token is stale and refused.
     */
    public record Lease(String worksetId, String ownerId, long fencingToken, String acquiredAt, String expiresAt,
            String state, String previousOwner) {
    }

    /** The seed's queue stats; {@code queue_depth} has every state (0 included), and its sum is {@code total_worksets}. */
    public record QueueStats(Map<String, Long> queueDepth, long totalWorksets, long readyWorksets, long inProgressWorksets,
            long errorWorksets, Map<String, Long> readyByPriority, long leased) {
    }

    public record Listing(List<Workset> items, int count) {
    }
}
