package org.daqhub.api.store;

import java.util.List;

import org.daqhub.api.Frame;

/**
 * A store backend: writes batches of frames somewhere durable. Register it as an OSGi service with the
 * service properties listed in {@link StoreProperties} (normally straight from its cfg file); the
 * platform's store runner subscribes it to its topics, batches, retries and counts.
 *
 * <p>{@link #write(List)} is called from one thread at a time. Throwing means the batch was not stored:
 * the runner retries the same batch with backoff, so a write must be safe to repeat.
 */
public interface Store {
    /** Writes one batch, in order. */
    void write(List<Frame> batch) throws Exception;

    /** Makes everything written so far durable; called when the input is idle and before stopping. */
    default void flush() throws Exception {
    }
}
