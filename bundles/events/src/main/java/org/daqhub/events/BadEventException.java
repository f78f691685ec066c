package org.daqhub.events;

/** An event that cannot be accepted; {@code status} is the HTTP answer (400 malformed, 422 invalid). */
public class BadEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final int status;

    public BadEventException(int status, String field, String message) {
        super(field + ": " + message);
        this.status = status;
        this.field = field;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }

    /** The same problem inside a batch: the field is prefixed with the event's index. */
    public BadEventException inBatch(int index) {
        return new BadEventException(status, "events[" + index + "]." + field, getMessage().substring(field.length() + 2));
    }
}
