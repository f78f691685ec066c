package org.daqhub.store.memory;

import java.util.Map;

import org.daqhub.api.config.Settings;

/** Validated memory store settings. */
record MemorySettings(String instance, int framesPerTopic, long maxBytes) {

    static MemorySettings read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        return new MemorySettings(s.instance(), s.intValue("frames.per.topic", 100, 1), s.integer("max.bytes", 256L << 20, 1));
    }
}
