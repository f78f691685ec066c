package org.daqhub.monitor.zabbix;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.monitor.MonitoringEvent;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The metatype bnd generates from {@link ZabbixConfig} (what the web console's form shows and writes) declares exactly
 * the keys the integration reads (its own batch.size included: the platform's delivery (MonitoringExportOutbox) reads none of
 * them, only integration.name and service.factoryPid, service properties naming the integration, and its spool and
 * batches are fixed). Activating reads the cfg and opens nothing.
 */
class ZabbixMetatypeTest {
    static final String PID = "org.daqhub.monitor.zabbix";

    @Test
    void metatypeDeclaresTheKeysTheIntegrationReads() throws Exception {
        Set<String> read = new TreeSet<>();
        new ZabbixIntegration().activate(recording(read, Map.of("service.pid", PID)));
        assertEquals(metatype(ZabbixConfig.class).keySet(), read);
    }

    /** The values a form saved with its defaults sends are those of an empty cfg (host and item keys). */
    @Test
    void theFormsDefaultsSendWhatAnEmptyCfgSends() throws Exception {
        ZabbixIntegration none = new ZabbixIntegration();
        none.activate(Map.of("service.pid", PID));
        ZabbixIntegration form = new ZabbixIntegration();
        form.activate(defaults(metatype(ZabbixConfig.class), "service.pid", PID));
        List<MonitoringEvent> events = List.of(new MonitoringEvent("finished", "job", "j1", "succeeded",
                Instant.parse("2026-11-23T10:00:00Z"), Map.of("duration_s", 4.5)));
        assertEquals(data(none.request(events)), data(form.request(events)));
    }

    /** The values of a request, without its own clock (the time it was made). */
    private static JsonNode data(String request) throws Exception {
        return new ObjectMapper().readTree(request).get("data");
    }
}
