package org.daqhub.api.store;

import org.daqhub.api.config.SupervisedConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The keys the platform's store runner reads from every store's cfg ({@link StoreProperties}). A store declares
 * its own keys in an {@code @ObjectClassDefinition} interface that extends this one: bnd adds these attributes to
 * the store's metatype, so the web console's form shows them and an unknown key is named against them.
 */
public interface StoreRunnerConfig extends SupervisedConfig {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.detector1.*")
    String topics();

    @AttributeDefinition(defaultValue = "1000", description = "Most frames per write")
    int batch_size();

    @AttributeDefinition(defaultValue = "67108864", description = "Most payload bytes per write; the first limit reached ends a batch")
    long batch_max_bytes();

    @AttributeDefinition(defaultValue = "50", description = "How long the runner waits to fill a batch (ms)")
    long batch_linger_ms();

    @AttributeDefinition(defaultValue = "10000", description = "Frames queued between the bus and this store")
    int queue_capacity();

    @AttributeDefinition(defaultValue = "block", description = "When the queue is full: block the bus (lossless) or drop the oldest frame (counted)",
            options = { @Option(label = "block", value = "block"), @Option(label = "drop_oldest", value = "drop_oldest") })
    String overflow();

    @AttributeDefinition(defaultValue = "true", description = "A batch the store cannot write goes to a spool on disk and is replayed in order")
    boolean spool_enabled();

    @AttributeDefinition(defaultValue = "1073741824", description = "Most bytes in this store's spool")
    long spool_max_bytes();

    @AttributeDefinition(defaultValue = "block", description = "When the spool is full: block (lossless) or drop the oldest batch (counted)",
            options = { @Option(label = "block", value = "block"), @Option(label = "drop_oldest", value = "drop_oldest") })
    String spool_overflow();
}
