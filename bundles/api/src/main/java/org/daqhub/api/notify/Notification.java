package org.daqhub.api.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One notification.
 *
 * @param severity   {@code info}, {@code warning} or {@code critical}
 * @param subject    one line
 * @param body       free text
 * @param time       when the condition happened
 * @param attributes extra key/values (instance, run number, ...)
 */
public record Notification(String severity, String subject, String body, Instant time, Map<String, String> attributes) {
    public Notification {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
