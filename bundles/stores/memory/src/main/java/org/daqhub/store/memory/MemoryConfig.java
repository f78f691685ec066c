package org.daqhub.store.memory;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub memory store",
        description = "Keeps the newest frames of each topic in memory, for daqhub:peek and GET /api/v1/peek/{topic}; nothing is written to disk")
interface MemoryConfig extends StoreRunnerConfig {
    @AttributeDefinition(name = "frames.per.topic", defaultValue = "100", description = "Newest frames kept per topic (ENRGDAQ's dispose_after_n_entries)")
    int frames_per_topic();

    @AttributeDefinition(name = "max.bytes", defaultValue = "268435456", description = "Most payload bytes kept in all; beyond it the oldest frames go first")
    long max_bytes();
}
