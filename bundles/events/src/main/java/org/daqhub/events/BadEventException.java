package org.daqhub.events;

import java.time.Instant;

/** An event that cannot be accepted; {@code status} is the HTTP answer (400 malformed, 422 invalid). */
public class BadEventException extends org.daqhub.api.http.ApiException {
    private static final long serialVersionUID = 1L;
    /** Times outside these years are a client's mistake (PostgreSQL's timestamps would end in 294276). */
    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");
    public BadEventException(int status, String field, String message) {
        super(status, field, message);
    }

    /** The same problem inside a batch: the field is prefixed with the event's index. */
    public BadEventException inBatch(int index) {
        return new BadEventException(status(), "events[" + index + "]." + field(), getMessage().substring(field().length() + 2));
    }

    /**
     * {@code value} (null stays null) if a text column of {@code maxLength} takes it: no NUL character, which
     * PostgreSQL stores in no text, and not longer than the column; a 422 naming {@code field} otherwise.
     */
    static String checkText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        int nul = value.indexOf('\u0000');
        if (nul >= 0) {
            throw new BadEventException(422, field, "contains a NUL character (\\u0000) at index " + nul);
        }
        if (value.length() > maxLength) {
            throw new BadEventException(422, field, "longer than " + maxLength + " characters");
        }
        return value;
    }

    /** {@code time} (null stays null) if it lies in the years 1 to 9999; a 422 naming {@code field} otherwise. */
    static Instant checkTime(String field, Instant time) {
        if (time != null && (time.isBefore(FIRST_TIME) || time.isAfter(LAST_TIME))) {
            throw new BadEventException(422, field, "must lie in the years 1 to 9999, got " + time);
        }
        return time;
    }
}
