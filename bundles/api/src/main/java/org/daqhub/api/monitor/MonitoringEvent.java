package org.daqhub.api.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * One monitoring event.
 *
 * @param kind       e.g. {@code started}, {@code progress}, {@code finished}
 * @param entity     what it is about, e.g. {@code job}, {@code run}, {@code workset}
 * @param key        identity of the entity (job id, run number...)
 * @param status     status after the event, may be empty
 * @param time       when it happened
 * @param attributes further fields
 */
public record MonitoringEvent(String kind, String entity, String key, String status, Instant time,
        Map<String, Object> attributes) {
    public MonitoringEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
