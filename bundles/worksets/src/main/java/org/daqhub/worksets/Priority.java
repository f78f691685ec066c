package org.daqhub.worksets;

import java.util.Locale;

import org.daqhub.api.http.ApiException;

/** The queue's first key: urgent before normal before low. */
public enum Priority {
    URGENT, NORMAL, LOW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rank stored beside the name, so the queue's index orders by it. */
    int rank() {
        return ordinal();
    }

    public static Priority of(String field, String s, Priority fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "unknown priority '" + s + "': one of urgent, normal, low");
        }
    }
}
