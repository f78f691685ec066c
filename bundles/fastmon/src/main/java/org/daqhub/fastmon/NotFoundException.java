package org.daqhub.fastmon;

/** No such run, file or subscriber; the REST layer answers 404. */
public class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
