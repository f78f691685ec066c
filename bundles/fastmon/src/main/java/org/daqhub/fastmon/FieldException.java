package org.daqhub.fastmon;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Bad input, naming the offending field; the REST layer answers {@link #status()} with both: 422 for a value that
 * is not acceptable, 400 for a request it cannot read.
 */
public class FieldException extends org.daqhub.api.http.ApiException {
    private static final long serialVersionUID = 1L;
    /** Times outside these years are a client's mistake (PostgreSQL's timestamps would end in 294276). */
    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");
    public FieldException(String field, String message) {
        this(422, field, message);
    }

    public FieldException(int status, String field, String message) {
        super(status, field, message);
    }

    /**
     * {@code value} (null stays null) if a text column of {@code maxLength} takes it: no NUL character, which
     * PostgreSQL stores in no text, and not longer than the column; a FieldException naming {@code field} otherwise.
     */
    public static String checkText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        int nul = value.indexOf('\u0000');
        if (nul >= 0) {
            throw new FieldException(field, "contains a NUL character (\\u0000) at index " + nul);
        }
        if (value.length() > maxLength) {
            throw new FieldException(field, "longer than " + maxLength + " characters");
        }
        return value;
    }

    /** {@code time} (null stays null) if it lies in the years 1 to 9999; a FieldException naming {@code field} otherwise. */
    public static Timestamp checkTime(String field, Timestamp time) {
        if (time != null && (time.toInstant().isBefore(FIRST_TIME) || time.toInstant().isAfter(LAST_TIME))) {
            throw new FieldException(field, "must lie in the years 1 to 9999, got " + time.toInstant());
        }
        return time;
    }
}
