package org.daqhub.api;

/** A frame or payload that cannot be decoded or built; the message names the offending field. */
public class FrameFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FrameFormatException(String message) {
        super(message);
    }
}
