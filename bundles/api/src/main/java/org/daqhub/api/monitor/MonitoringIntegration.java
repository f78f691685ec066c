package org.daqhub.api.monitor;

import java.util.List;

/**
 * A monitoring integration (Prometheus, Elasticsearch, Zabbix, files, webhooks). It receives job, run and
 * workset events from the core in batches; throwing means the batch was not exported and will be retried.
 */
public interface MonitoringIntegration {
    void export(List<MonitoringEvent> events) throws Exception;

    /**
     * Events the target refused for good and that are therefore not retried (a mapping conflict in
     * Elasticsearch, a key without a Zabbix item): shown as the integration's dropped count.
     */
    default long refused() {
        return 0;
    }
}
