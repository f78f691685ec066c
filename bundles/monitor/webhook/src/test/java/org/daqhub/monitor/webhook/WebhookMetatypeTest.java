package org.daqhub.monitor.webhook;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link WebhookConfig} (what the web console's form shows and writes) declares exactly
 * the keys the webhook reads, and a form saved with its defaults gives the settings a cfg with only the url gives.
 * The platform's delivery (MonitoringExportOutbox) reads none of them (only integration.name and service.factoryPid, service
 * properties naming the integration; its spool and batches are fixed), so there is no runner key to set apart.
 */
class WebhookMetatypeTest {
    static final String PID = "org.daqhub.monitor.webhook~t";
    static final String URL = "http://127.0.0.1:1/hook";

    @Test
    void metatypeDeclaresTheKeysTheWebhookReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(WebhookConfig.class);
        Set<String> read = new TreeSet<>();
        WebhookIntegration.Config none = WebhookIntegration.read(recording(read,
                Map.of("service.pid", PID, "url", URL)));
        assertEquals(ocd.keySet(), read);
        assertEquals(none, WebhookIntegration.read(defaults(ocd, "service.pid", PID, "url", URL)));
    }
}
