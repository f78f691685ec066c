package org.daqhub.fastmon;

/** Bad input, naming the offending field; the REST layer answers 400 with both. */
public class FieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FieldException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
