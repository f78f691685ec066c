package org.daqhub.core.bus;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link BusConfig} (what the web console's form shows and writes) declares exactly
 * the keys the bus reads, and a form saved with its defaults gives the settings an empty cfg gives; read without
 * opening an endpoint.
 */
class BusMetatypeTest {
    // the PID DS sets from the cfg; without one the bus reads a copy that names the instance "bus"
    static final String PID = "org.daqhub.bus";

    @Test
    void metatypeDeclaresTheKeysTheBusReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(BusConfig.class);
        Set<String> read = new TreeSet<>();
        // remote.topics is read only when there is a node to receive from
        BusService.read(recording(read, Map.of("service.pid", PID, "remote.subscribe", "tcp://node2:5560")));
        assertEquals(ocd.keySet(), read);
        assertEquals(BusService.read(Map.of("service.pid", PID)), BusService.read(defaults(ocd, "service.pid", PID)));
    }
}
