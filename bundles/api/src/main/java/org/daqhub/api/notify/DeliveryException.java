package org.daqhub.api.notify;

import java.time.Duration;

/**
 * A channel's "not sent", classified: {@code permanent} (a 4xx: the same message would be refused again) is not
 * retried; otherwise the platform retries after its backoff, or after {@code retryAfter} when the service said
 * so (HTTP 429/503 Retry-After). Any other exception from {@link NotificationChannel#send} counts as transient.
 */
public class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean permanent;
    private final Duration retryAfter;

    public DeliveryException(String message, int status, boolean permanent, Duration retryAfter) {
        super(message);
        this.status = status;
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** The HTTP way: 408, 425, 429 and 5xx are retried (honouring Retry-After), any other 4xx is permanent. */
    public static DeliveryException ofHttpStatus(int status, String body, Duration retryAfter) {
        boolean retried = status == 408 || status == 425 || status == 429 || status >= 500;
        return new DeliveryException("answered " + status + (body == null || body.isBlank() ? ""
                : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body)), status, !retried, retryAfter);
    }

    /** As {@link #ofHttpStatus(int, String, Duration)}, with the Retry-After header's value (seconds or an HTTP date). */
    public static DeliveryException ofHttpStatus(int status, String body, String retryAfterHeader) {
        return ofHttpStatus(status, body, retryAfter(retryAfterHeader));
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), java.time.ZonedDateTime.parse(v.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** The status the service answered, 0 if none (no connection). */
    public int status() {
        return status;
    }

    public boolean permanent() {
        return permanent;
    }

    /** How long the service asked to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
