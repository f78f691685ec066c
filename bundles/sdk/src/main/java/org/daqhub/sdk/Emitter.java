package org.daqhub.sdk;

/** Where a {@link Monitor}'s events go. */
public interface Emitter extends AutoCloseable {
    /** Hands over one event (JSON text); must not throw because daqhub is unreachable. */
    void emit(String idempotencyKey, String json);

    /** Events waiting to be sent (spooled). */
    int pending();

    /** Events daqhub refused or kept failing, moved to a dead-letter file instead of being sent. */
    default long deadLettered() {
        return 0;
    }

    @Override
    void close();
}
