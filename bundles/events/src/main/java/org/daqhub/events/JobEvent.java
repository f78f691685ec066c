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

    /** Parses and checks one event; {@link BadEventException} (422) names the first bad field. */
    public static JobEvent parse(JsonNode n, Instant now, Duration maxSkew) {
        if (n == null || !n.isObject()) {
            throw new BadEventException(422, "event", "must be a JSON object");
        }
        String key = text(n, "idempotency_key", true, 255);
        String site = text(n, "site_id", true, 255);
        JsonNode app = object(n, "app");
        JsonNode entity = object(n, "entity");
        JsonNode ev = object(n, "event");
        String type = text(entity, "entity.type", "type", true, 16);
        if (!TYPES.contains(type)) {
            throw new BadEventException(422, "entity.type", "must be job or subjob, got '" + type + "'");
        }
        String kind = text(ev, "event.kind", "kind", true, 16);
        if (!KINDS.contains(kind)) {
            throw new BadEventException(422, "event.kind", "must be one of " + KINDS + ", got '" + kind + "'");
        }
        String status = text(ev, "event.status", "status", false, 16);
        if (status != null && !STATUSES.contains(status)) {
            throw new BadEventException(422, "event.status", "must be one of " + STATUSES + ", got '" + status + "'");
        }
        String atText = text(ev, "event.at", "at", true, 64);
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
        String appName = text(app, "app.name", "name", true, 255);
        String appId = text(app, "app.app_id", "app_id", false, 64);
        String entityId = text(entity, "entity.id", "id", true, 64);
        return new JobEvent(key, site, appId != null ? appId : appName, appName,
                text(app, "app.version", "version", false, 64), type, entityId,
                text(entity, "entity.parent_id", "parent_id", false, 64),
                text(entity, "entity.business_key", "business_key", false, 255),
                text(entity, "entity.sub_key", "sub_key", false, 255), kind, at, status, metrics, metadata, n);
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
        if (s.length() > max) {
            throw new BadEventException(422, path, "longer than " + max + " characters");
        }
        return s;
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
