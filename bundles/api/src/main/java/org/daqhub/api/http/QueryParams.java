package org.daqhub.api.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Query parameters read the same way on every route: text that is not a number or time is 400 (malformed), a
 * number outside its range 422 (invalid); both name the parameter. Resources take parameters as strings and read
 * them here, because JAX-RS itself answers 404 for a query parameter it cannot convert.
 */
public final class QueryParams {
    /** The default and largest {@code limit} of a listing. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    private QueryParams() {
    }

    /** {@code value} as a long, null when absent or empty. */
    public static Long optionalLong(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.malformed(name, "must be an integer, got '" + value + "'");
        }
    }

    /** {@code limit}: {@code fallback} when absent, else 1 to {@link #MAX_LIMIT}. */
    public static int limit(String value, int fallback) {
        Long l = optionalLong("limit", value);
        if (l == null) {
            return fallback;
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be 1.." + MAX_LIMIT + ", got " + l);
        }
        return l.intValue();
    }

    /** An ISO-8601 UTC time like 2026-01-15T10:00:00Z, null when absent or empty. */
    public static Instant optionalTime(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.malformed(name, "must be an ISO-8601 UTC time like 2026-01-15T10:00:00Z, got '"
                    + value + "'");
        }
    }
}
