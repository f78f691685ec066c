package org.daqhub.fastmon;

/** The request clashes with what exists (a unique name); the REST layer answers 409. */
public class ConflictException extends FieldException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String field, String message) {
        super(409, field, message);
    }
}
