package org.daqhub.api.broker;

/** The broker could not be reached or refused an operation. */
public class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
