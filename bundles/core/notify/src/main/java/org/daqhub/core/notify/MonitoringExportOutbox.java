package org.daqhub.core.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.daqhub.api.config.Settings;
import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringExport;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of monitoring events to every installed {@link MonitoringIntegration} (named by its
 * {@code integration.name} property, else by its factory PID and instance): ingestion queues each committed batch
 * once per integration attached here into {@code export_outbox}, in its own transaction, and an
 * {@link IntegrationRunner} per integration sends from there. Rows of an integration that is not installed wait for
 * it. Batches an earlier daqhub left in its disk spool {@code data/events-spool/<name>/} are moved into the outbox when that
 * integration attaches.
 */
@Component(service = { MonitoringExport.class, RuntimeStatus.class }, immediate = true,
        property = "daqhub.kind=integration")
public class MonitoringExportOutbox implements MonitoringExport, RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringExportOutbox.class);
    static final long POLL_MS = 1000;
    /** After a wake, how long a runner lets more batches arrive: one export call and one transaction for many. */
    static final long LINGER_MS = 20;
    static final long RETRY_INITIAL_MS = 1000;
    static final long RETRY_MAX_MS = 10_000;
    static final long STOP_TIMEOUT_MS = 10_000;
    private final DataSource db;
    private final Path oldSpools;
    private final long retryInitialMillis;
    private final Map<MonitoringIntegration, IntegrationRunner> runners = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public MonitoringExportOutbox(@Reference Database database) {
        this(database, Path.of(System.getProperty("karaf.data", "data"), "events-spool"), RETRY_INITIAL_MS);
    }

    /** For tests: where old disk spools are looked for, and a shorter first retry. */
    MonitoringExportOutbox(Database database, Path oldSpools, long retryInitialMillis) {
        database.migrate("notify", MonitoringExportOutbox.class.getClassLoader());
        this.db = database.dataSource();
        this.oldSpools = oldSpools;
        this.retryInitialMillis = retryInitialMillis;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public synchronized void addIntegration(MonitoringIntegration integration, Map<String, Object> props) {
        String name = name(props, integration).replaceAll("[^A-Za-z0-9._-]", "_");
        runners.values().stream().filter(r -> r.name.equals(name)).findFirst().ifPresent(other -> LOG.warn(
                "daqhub delivery: two integrations are named {} ({} and {}); they share one queue: set integration.name",
                name, other.integration.getClass().getName(), integration.getClass().getName()));
        importOldSpool(name);
        IntegrationRunner r = new IntegrationRunner(name, integration, db, POLL_MS, LINGER_MS, retryInitialMillis,
                Math.max(RETRY_MAX_MS, retryInitialMillis), STOP_TIMEOUT_MS);
        runners.put(integration, r);
        if (active) {
            r.start();
        }
        LOG.info("daqhub delivery: monitoring integration {} attached", name);
    }

    public synchronized void removeIntegration(MonitoringIntegration integration) {
        IntegrationRunner r = runners.remove(integration);
        if (r != null) {
            r.stop(); // what is queued for it waits in the outbox for when it comes back
            LOG.info("daqhub delivery: monitoring integration {} removed; what is queued for it waits in the outbox", r.name);
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
            return f.substring(f.lastIndexOf('.') + 1) + "-" + Settings.instanceName(props);
        }
        return integration.getClass().getSimpleName();
    }

    @Override
    public boolean hasIntegrations() {
        return !runners.isEmpty();
    }

    @Override
    public int queue(Connection transaction, List<MonitoringEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        String[] names = runners.values().stream().map(r -> r.name).distinct().toArray(String[]::new);
        if (names.length == 0) {
            return 0;
        }
        try (PreparedStatement st = transaction.prepareStatement("INSERT INTO export_outbox (integration, events, "
                + "event_count) SELECT i, ?, ? FROM unnest(?::varchar[]) AS t(i)")) {
            st.setString(1, IntegrationRunner.toJson(events));
            st.setInt(2, events.size());
            st.setArray(3, transaction.createArrayOf("varchar", names));
            return st.executeUpdate();
        }
    }

    @Override
    public void wake() {
        runners.values().forEach(IntegrationRunner::wake);
    }

    /** What waits for one integration: events, and whether any was tried already or waits longer than 10 s. */
    private record Waiting(long events, boolean stuck) {
    }

    private volatile Map<String, Waiting> waiting = Map.of();
    private volatile long waitingAt;

    /**
     * Events waiting per integration, on every node; counted at most once a second (the dashboard, /metrics, the
     * health checks and the statistics all ask, and a backlog makes the count a scan).
     */
    private Map<String, Waiting> pending() {
        long now = System.nanoTime();
        if (now - waitingAt < 1_000_000_000L) {
            return waiting;
        }
        Map<String, Waiting> out = new HashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT integration, "
                + "sum(event_count), bool_or(attempts > 0 OR created_at < now() - interval '10 seconds') FROM export_outbox "
                + "GROUP BY integration"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Waiting(rs.getLong(2), rs.getBoolean(3)));
            }
        } catch (SQLException e) {
            LOG.debug("daqhub delivery: counting the export outbox failed: {}", e.toString());
            return waiting;
        }
        waiting = out;
        waitingAt = now;
        return out;
    }

    @Override
    public List<IntegrationState> integrations() {
        Map<String, Waiting> pending = pending();
        return runners.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).map(r -> {
            Waiting w = pending.getOrDefault(r.name, new Waiting(0, false));
            return new IntegrationState(r.name, r.integration.getClass().getName(), r.state(w.stuck()), r.exported.get(),
                    r.failures.get(), w.events(), r.refused(), r.lastError);
        }).toList();
    }

    /** Each integration for daqhub:status and /metrics: exported events, refused ones as dropped, what waits. */
    @Override
    public List<InstanceStatus> instances() {
        return integrations().stream().map(s -> new InstanceStatus("integration", s.name(), s.type(),
                s.state().equals("healthy") ? "RUNNING" : "DEGRADED", s.exported(), 0, 0, 0, 0, s.refused(), s.pending(),
                0, s.lastError(), 0, 0, 0)).toList();
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }

    @Deactivate
    public synchronized void deactivate() {
        active = false;
        runners.values().forEach(IntegrationRunner::stop);
        runners.clear();
    }

    /**
     * The disk spool of daqhub's first integration delivery ({@code data/events-spool/<name>/*.jsonl}, one event per
     * line, one file per batch): each file becomes one outbox row, in order, and is deleted once the row is committed.
     */
    private void importOldSpool(String name) {
        Path dir = oldSpools.resolve(name);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("daqhub delivery: integration {}: old spool {} not readable: {}", name, dir, e.toString());
            return;
        }
        int moved = 0;
        long events = 0;
        for (Path f : files) {
            List<MonitoringEvent> batch = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        batch.add(IntegrationRunner.fromJson(IntegrationRunner.JSON.readTree(line)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("daqhub delivery: integration {}: old spool file {} unreadable ({}); left where it is", name, f,
                        e.toString());
                continue;
            }
            try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO export_outbox "
                    + "(integration, events, event_count) VALUES (?, ?, ?)")) {
                st.setString(1, name);
                st.setString(2, IntegrationRunner.toJson(batch));
                st.setInt(3, batch.size());
                st.executeUpdate();
                Files.delete(f);
                moved++;
                events += batch.size();
            } catch (SQLException | IOException e) {
                LOG.error("daqhub delivery: integration {}: old spool file {} not moved into the outbox ({}); tried again "
                        + "when the integration attaches next", name, f, e.toString());
                return;
            }
        }
        if (moved > 0) {
            LOG.info("daqhub delivery: integration {}: {} event(s) of {} old spool file(s) in {} moved into the outbox",
                    name, events, moved, dir);
        }
    }
}
