package org.daqhub.events;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of the monitoring SDK's wire format:
 * {@code {idempotency_key, site_id, app{app_id, name, version}, entity{type, id, parent_id, business_key,
 * sub_key}, event{kind, at, status, metrics{}, metadata{}}}}.
 */
public record JobEvent(String idempotencyKey, String siteId, String appId, String appName, String appVersion,
        String entityType, String entityId, String parentId, String businessKey, String subKey, String kind,
        Instant at, String status, JsonNode metrics, JsonNode metadata, JsonNode raw) {

    static final Set<String> KINDS = Set.of("started", "progress", "metric", "finished", "error", "canceled");
    static final Set<String> STATUSES = Set.of("running", "succeeded", "failed", "canceled");
    static final Set<String> TYPES = Set.of("job", "subjob");

    // The longest text of each field: the length of the SQL column it is stored in (db/events/V1__events.sql).
    // Checked while parsing, so that a value no column takes is a 422 naming the field, not a database error.
    /** event.idempotency_key VARCHAR(255) */
    static final int IDEMPOTENCY_KEY_LENGTH = 255;
    /** site_id VARCHAR(255) of job, subjob and event */
    static final int SITE_ID_LENGTH = 255;
    /** app.app_id VARCHAR(64), and app_id of job, subjob and event; app.name stands in when app.app_id is absent */
    static final int APP_ID_LENGTH = 64;
    /** app.name VARCHAR(255) */
    static final int APP_NAME_LENGTH = 255;
    /** app.version VARCHAR(64) */
    static final int APP_VERSION_LENGTH = 64;
    /** job.job_id, subjob.subjob_id, event.entity_id VARCHAR(64) */
    static final int ENTITY_ID_LENGTH = 64;
    /** subjob.job_id VARCHAR(64) */
    static final int PARENT_ID_LENGTH = 64;
    /** job.job_key VARCHAR(255) */
    static final int BUSINESS_KEY_LENGTH = 255;
    /** subjob.sub_key VARCHAR(255) */
    static final int SUB_KEY_LENGTH = 255;
    /** event.entity_type, event.kind, event.status, job.status, subjob.status VARCHAR(16) */
    static final int CODE_LENGTH = 16;
    /** event.at is parsed into a TIMESTAMP WITH TIME ZONE; no ISO-8601 time is longer */
    static final int AT_LENGTH = 64;

    /** Parses and checks one event; {@link BadEventException} (422) names the first bad field. */
    public static JobEvent parse(JsonNode n, Instant now, Duration maxSkew) {
        if (n == null || !n.isObject()) {
            throw new BadEventException(422, "event", "must be a JSON object");
        }
        String key = text(n, "idempotency_key", true, IDEMPOTENCY_KEY_LENGTH);
        String site = text(n, "site_id", true, SITE_ID_LENGTH);
        JsonNode app = object(n, "app");
        JsonNode entity = object(n, "entity");
        JsonNode ev = object(n, "event");
        String type = text(entity, "entity.type", "type", true, CODE_LENGTH);
        if (!TYPES.contains(type)) {
            throw new BadEventException(422, "entity.type", "must be job or subjob, got '" + type + "'");
        }
        String kind = text(ev, "event.kind", "kind", true, CODE_LENGTH);
        if (!KINDS.contains(kind)) {
            throw new BadEventException(422, "event.kind", "must be one of " + KINDS + ", got '" + kind + "'");
        }
        String status = text(ev, "event.status", "status", false, CODE_LENGTH);
        if (status != null && !STATUSES.contains(status)) {
            throw new BadEventException(422, "event.status", "must be one of " + STATUSES + ", got '" + status + "'");
        }
        String atText = text(ev, "event.at", "at", true, AT_LENGTH);
        Instant at;
        try {
            at = Instant.parse(atText);
        } catch (DateTimeParseException e) {
            try {
                at = java.time.OffsetDateTime.parse(atText).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadEventException(422, "event.at", "not an ISO-8601 time: '" + atText + "'");
            }
        }
        if (Duration.between(now, at).abs().compareTo(maxSkew) > 0) {
            throw new BadEventException(422, "event.at", at + " is more than " + maxSkew.toSeconds()
                    + " s from the server's time " + now);
        }
        JsonNode metrics = ev.get("metrics");
        if (metrics != null && !metrics.isNull() && !metrics.isObject()) {
            throw new BadEventException(422, "event.metrics", "must be an object");
        }
        JsonNode metadata = ev.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BadEventException(422, "event.metadata", "must be an object");
        }
        String appName = text(app, "app.name", "name", true, APP_NAME_LENGTH);
        String appId = text(app, "app.app_id", "app_id", false, APP_ID_LENGTH);
        if (appId == null && appName.length() > APP_ID_LENGTH) {
            throw new BadEventException(422, "app.name", "longer than " + APP_ID_LENGTH + " characters, the longest "
                    + "app id, and without app.app_id the name is the app's id; send a shorter app.app_id");
        }
        String entityId = text(entity, "entity.id", "id", true, ENTITY_ID_LENGTH);
        return new JobEvent(key, site, appId != null ? appId : appName, appName,
                text(app, "app.version", "version", false, APP_VERSION_LENGTH), type, entityId,
                text(entity, "entity.parent_id", "parent_id", false, PARENT_ID_LENGTH),
                text(entity, "entity.business_key", "business_key", false, BUSINESS_KEY_LENGTH),
                text(entity, "entity.sub_key", "sub_key", false, SUB_KEY_LENGTH), kind, at, status, metrics, metadata, n);
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new BadEventException(422, field, "is required");
        }
        if (!v.isObject()) {
            throw new BadEventException(422, field, "must be an object");
        }
        return v;
    }

    private static String text(JsonNode n, String field, boolean required, int max) {
        return text(n, field, field, required, max);
    }

    private static String text(JsonNode n, String path, String field, boolean required, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadEventException(422, path, "is required");
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new BadEventException(422, path, "must be a string");
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            throw new BadEventException(422, path, "must not be empty");
        }
        return BadEventException.checkText(path, s, max);
    }

    /** Status a job has after this event. */
    String jobStatus() {
        if (status != null) {
            return status;
        }
        return switch (kind) {
            case "finished" -> "succeeded";
            case "error" -> "failed";
            case "canceled" -> "canceled";
            default -> "running";
        };
    }

    Double metric(String name) {
        if (metrics == null || !metrics.has(name) || !metrics.get(name).isNumber()) {
            return null;
        }
        return metrics.get(name).asDouble();
    }

    boolean ends() {
        return kind.equals("finished") || kind.equals("error") || kind.equals("canceled");
    }

    /** The platform's event model, for the integrations. */
    org.daqhub.api.monitor.MonitoringEvent toMonitoringEvent() {
        java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("idempotency_key", idempotencyKey);
        a.put("site_id", siteId);
        a.put("app", appName);
        a.put("app_id", appId);
        if (appVersion != null) {
            a.put("app_version", appVersion);
        }
        if (parentId != null) {
            a.put("parent_id", parentId);
        }
        if (businessKey != null) {
            a.put("business_key", businessKey);
        }
        if (subKey != null) {
            a.put("sub_key", subKey);
        }
        if (metrics != null && metrics.isObject()) {
            metrics.fields().forEachRemaining(f -> a.put(f.getKey(), f.getValue().isNumber() ? f.getValue().numberValue()
                    : f.getValue().asText()));
        }
        if (metadata != null && metadata.isObject() && metadata.size() > 0) {
            a.put("metadata", metadata.toString());
        }
        return new org.daqhub.api.monitor.MonitoringEvent(kind, entityType, entityId, jobStatus(), at, a);
    }
}
