package org.daqhub.core.persistence;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link PersistenceConfig} (what the web console's form shows and writes) declares
 * exactly the keys the embedded PostgreSQL reads, and a form saved with its defaults gives the settings an empty cfg
 * gives; read without starting a server.
 */
class PersistenceMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheEmbeddedServerReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(PersistenceConfig.class);
        Set<String> read = new TreeSet<>();
        EmbeddedPostgresServer.Config none = EmbeddedPostgresServer.read(recording(read,
                Map.of("service.pid", "org.daqhub.persistence")));
        assertEquals(ocd.keySet(), read);
        assertEquals(none, EmbeddedPostgresServer.read(defaults(ocd, "service.pid", "org.daqhub.persistence")));
    }
}
