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

    /**
     * The event as one flat-ish map in a fixed order ({@code time} as ISO text, {@code kind}, {@code entity},
     * {@code key}, {@code status}, {@code attributes}): what integrations serialise, so all write the same shape.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("time", time.toString());
        m.put("kind", kind);
        m.put("entity", entity);
        m.put("key", key);
        m.put("status", status);
        m.put("attributes", new java.util.TreeMap<>(attributes));
        return m;
    }
}
