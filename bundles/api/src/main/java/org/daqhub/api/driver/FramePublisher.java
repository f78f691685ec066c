package org.daqhub.api.driver;

import org.daqhub.api.Table;

/**
 * Publishes frames on one topic. Calls block when a lossless subscriber's queue is full (backpressure),
 * and throw {@link InterruptedException} when the driver is being stopped.
 */
public interface FramePublisher {
    /** The topic this publisher writes to. */
    String topic();

    /** Publishes a tabular frame; the table's arrays must not be modified afterwards. */
    void publish(Table table) throws InterruptedException;

    /** Publishes a raw frame; the array is handed over, not copied. */
    void publish(byte[] payload, String contentType) throws InterruptedException;

    /** Sequence number the next frame will get. */
    long nextSequence();
}
