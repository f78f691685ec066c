package org.daqhub.store.memory;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.store.StoreRunnerConfig;
import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link MemoryConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class MemoryMetatypeTest {

    @Test
    void metatypeDeclaresTheKeysTheStoreReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(MemoryConfig.class);
        Set<String> read = new TreeSet<>();
        MemorySettings none = MemorySettings.read(recording(read, Map.of("service.pid", "org.daqhub.store.memory~t")));
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.removeAll(UnknownKeys.declared(StoreRunnerConfig.class)); // read by the store runner
        assertEquals(declared, read);
        assertEquals(none, MemorySettings.read(defaults(ocd, "service.pid", "org.daqhub.store.memory~t")));
    }
}
