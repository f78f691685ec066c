package org.daqhub.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every stored event to every installed monitoring integration (services of
 * {@link MonitoringIntegration}, named by their {@code integration.name} property), each through its own
 * {@link IntegrationRunner} with a disk spool under {@code data/events-spool/<name>}.
 */
@Component(service = { IntegrationForwarder.class, RuntimeStatus.class }, immediate = true,
        property = "daqhub.kind=integration")
public class IntegrationForwarder implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationForwarder.class);

    private final Map<MonitoringIntegration, IntegrationRunner> runners = new ConcurrentHashMap<>();
    private final Path spoolRoot;
    private final long retryMillis;

    public IntegrationForwarder() {
        this(Path.of(System.getProperty("karaf.data", "data"), "events-spool"), 2000);
    }

    IntegrationForwarder(Path spoolRoot, long retryMillis) {
        this.spoolRoot = spoolRoot;
        this.retryMillis = retryMillis;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addIntegration(MonitoringIntegration integration, Map<String, Object> props) {
        String name = name(props, integration).replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            runners.put(integration, new IntegrationRunner(name, integration, spoolRoot.resolve(name), retryMillis));
            LOG.info("monitoring integration {} attached", name);
        } catch (IOException e) {
            LOG.error("monitoring integration {}: spool directory not usable: {}", name, e.toString());
        }
    }

    /** integration.name, else for a factory instance "<last part of the factory pid>-<instance>" (webhook-alerts). */
    static String name(Map<String, Object> props, MonitoringIntegration integration) {
        Object n = props.get("integration.name");
        if (n != null) {
            return n.toString();
        }
        Object factory = props.get("service.factoryPid");
        if (factory != null) {
            String f = factory.toString();
            return f.substring(f.lastIndexOf('.') + 1) + "-" + org.daqhub.api.config.Settings.instanceName(props);
        }
        return integration.getClass().getSimpleName();
    }

    public void removeIntegration(MonitoringIntegration integration) {
        IntegrationRunner r = runners.remove(integration);
        if (r != null) {
            r.stop(); // what it had queued stays in its spool for when it comes back
        }
    }

    void forward(List<MonitoringEvent> events) {
        for (IntegrationRunner r : runners.values()) {
            r.offer(events);
        }
    }

    /** Events waiting in all spools. */
    public long spooled() {
        return runners.values().stream().mapToLong(r -> r.spooledEvents.get()).sum();
    }

    /** name → {state, exported, failures, spooled, last_error}. */
    public Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        runners.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", r.state());
            m.put("exported", r.exported.get());
            m.put("failures", r.failures.get());
            m.put("spooled", r.spooledEvents.get());
            m.put("refused", r.refused());
            m.put("last_error", r.lastError());
            out.put(r.name, m);
        });
        return out;
    }

    /** Each integration for daqhub:status and /metrics: exported events, refused ones as dropped, its spool. */
    @Override
    public List<InstanceStatus> instances() {
        return runners.values().stream().sorted((a, b) -> a.name.compareTo(b.name))
                .map(r -> new InstanceStatus("integration", r.name, r.type(), r.state().equals("healthy") ? "RUNNING"
                        : "DEGRADED", r.exported.get(), 0, 0, 0, 0, r.refused(), r.spooledEvents.get(), r.queued(),
                        r.lastError(), 0, 0, 0))
                .toList();
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }

    @Deactivate
    public void deactivate() {
        runners.values().forEach(IntegrationRunner::stop);
        runners.clear();
    }
}
