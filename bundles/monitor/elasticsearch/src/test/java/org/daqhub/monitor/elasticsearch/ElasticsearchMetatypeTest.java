package org.daqhub.monitor.elasticsearch;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link ElasticsearchConfig} (what the web console's form shows and writes) declares
 * exactly the keys the integration reads, and a form saved with its defaults gives the settings an empty cfg gives.
 * The platform's delivery (MonitoringExportOutbox) reads none of them (only integration.name and service.factoryPid, service
 * properties naming the integration; its spool and batches are fixed), so there is no runner key to set apart.
 */
class ElasticsearchMetatypeTest {
    static final String PID = "org.daqhub.monitor.elasticsearch";

    @Test
    void metatypeDeclaresTheKeysTheIntegrationReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(ElasticsearchConfig.class);
        Set<String> read = new TreeSet<>();
        // password is read only with a username (basic authentication)
        ElasticsearchIntegration.read(recording(read, Map.of("service.pid", PID, "username", "daqhub")));
        assertEquals(ocd.keySet(), read);
        assertEquals(ElasticsearchIntegration.read(Map.of("service.pid", PID)),
                ElasticsearchIntegration.read(defaults(ocd, "service.pid", PID)));
    }
}
