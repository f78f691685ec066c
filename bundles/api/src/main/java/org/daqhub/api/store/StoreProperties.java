package org.daqhub.api.store;

/** Service properties (cfg keys) that the store runner reads from every {@link Store} service. */
public final class StoreProperties {
    /** Comma-separated topic patterns, e.g. {@code data.detector1.*}; required. */
    public static final String TOPICS = "topics";
    /** Most frames per {@code write} call (default 1000). */
    public static final String BATCH_SIZE = "batch.size";
    /** Most payload bytes per {@code write} call (default 64 MiB); whichever limit is hit first ends a batch. */
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    /** How long the runner waits to fill a batch, in ms (default 50). */
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    /** Bounded queue between bus and store, in frames (default 10000). */
    public static final String QUEUE_CAPACITY = "queue.capacity";
    /** {@code block} (lossless, default) or {@code drop_oldest}. */
    public static final String OVERFLOW = "overflow";

    private StoreProperties() {
    }
}
