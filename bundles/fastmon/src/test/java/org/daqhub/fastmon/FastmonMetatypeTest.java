package org.daqhub.fastmon;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link FastmonConfig} (what the web console's form shows and writes) declares exactly
 * the keys fast monitoring reads, and a form saved with its defaults gives the settings an empty cfg gives.
 */
class FastmonMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysFastMonitoringReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(FastmonConfig.class);
        Set<String> read = new TreeSet<>();
        FastmonSettings none = FastmonSettings.read(recording(read, Map.of("service.pid", "org.daqhub.fastmon")));
        assertEquals(ocd.keySet(), read);
        assertEquals(none, FastmonSettings.read(defaults(ocd, "service.pid", "org.daqhub.fastmon")));
    }
}
