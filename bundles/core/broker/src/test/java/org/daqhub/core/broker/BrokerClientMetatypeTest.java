package org.daqhub.core.broker;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link BrokerClientConfig} (what the web console's form shows and writes) declares
 * exactly the keys the broker client reads, and a form saved with its defaults gives the settings an empty cfg gives;
 * read without connecting.
 */
class BrokerClientMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheBrokerClientReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(BrokerClientConfig.class);
        Set<String> read = new TreeSet<>();
        ArtemisBrokerClient.Config none = ArtemisBrokerClient.read(recording(read,
                Map.of("service.pid", "org.daqhub.broker")));
        assertEquals(ocd.keySet(), read);
        assertEquals(none, ArtemisBrokerClient.read(defaults(ocd, "service.pid", "org.daqhub.broker")));
    }
}
