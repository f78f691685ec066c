package org.daqhub.core.health;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daqhub.api.broker.MessageBroker;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/**
 * The platform's health: one check per instance (driver, store, bus link, channel, integration: in backoff, hung
 * or invalid is critical, degraded or spooling a warning, spooling past {@code spool.critical.frames} critical), the
 * bookkeeping database (answers SELECT 1 in time) and the broker (connected), each where installed. Tagged with
 * the kind and the instance name, so a load balancer can ask for what it cares about.
 */
@Component(name = "org.daqhub.health", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = HealthChecks.class)
@Designate(ocd = HealthConfig.class)
public class HealthChecks {
    static final Set<String> CRITICAL_STATES = Set.of("BACKOFF", "HUNG", "INVALID", "FAILED");
    private final long spoolCritical;
    private final int databaseTimeoutS;
    private final List<RuntimeStatus> sources = new CopyOnWriteArrayList<>();
    private volatile Database database;
    private volatile MessageBroker broker;

    @Activate
    public HealthChecks(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(HealthConfig.class))) {
            LoggerFactory.getLogger(HealthChecks.class).warn("etc/org.daqhub.health.cfg: {}", problem);
        }
        Settings s = Settings.of(props);
        spoolCritical = s.integer("spool.critical.frames", 100_000, 1);
        databaseTimeoutS = s.intValue("database.timeout.s", 2, 1);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSource(RuntimeStatus s) {
        sources.add(s);
    }

    public void removeSource(RuntimeStatus s) {
        sources.remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setDatabase(Database d) {
        database = d;
    }

    public void unsetDatabase(Database d) {
        if (database == d) {
            database = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setBroker(MessageBroker b) {
        broker = b;
    }

    public void unsetBroker(MessageBroker b) {
        if (broker == b) {
            broker = null;
        }
    }

    /** Every check whose tags include one of {@code tags} (all when empty). */
    public HealthReport check(Set<String> tags) {
        List<HealthReport.Check> out = new ArrayList<>();
        for (RuntimeStatus src : sources) {
            List<InstanceStatus> instances;
            try {
                instances = src.instances();
            } catch (RuntimeException e) {
                out.add(new HealthReport.Check("status source " + src.getClass().getSimpleName(), List.of("platform"),
                        "CRITICAL", List.of("cannot report its instances: " + e)));
                continue;
            }
            for (InstanceStatus i : instances) {
                out.add(instance(i));
            }
        }
        Database d = database;
        if (d != null) {
            out.add(database(d));
        }
        MessageBroker b = broker;
        if (b != null) {
            out.add(b.connected() ? new HealthReport.Check("broker connection", List.of("broker"), "OK", List.of("connected"))
                    : new HealthReport.Check("broker connection", List.of("broker"), "CRITICAL", List.of("not connected to the broker")));
        }
        List<HealthReport.Check> selected = tags.isEmpty() ? out
                : out.stream().filter(c -> c.tags().stream().anyMatch(tags::contains)).toList();
        return new HealthReport(HealthReport.worst(selected), selected);
    }

    HealthReport.Check instance(InstanceStatus i) {
        List<String> reasons = new ArrayList<>();
        String status = "OK";
        if (CRITICAL_STATES.contains(i.state())) {
            status = "CRITICAL";
            reasons.add(i.state().toLowerCase(java.util.Locale.ROOT) + (i.lastError().isEmpty() ? "" : ": " + i.lastError()));
        } else if (i.state().equals("DEGRADED")) {
            status = "WARN";
            reasons.add("degraded" + (i.lastError().isEmpty() ? "" : ": " + i.lastError()));
        }
        if (i.spooled() >= spoolCritical) {
            status = "CRITICAL";
            reasons.add(i.spooled() + " frames in its spool (critical from " + spoolCritical + ")");
        } else if (i.spooled() > 0) {
            status = status.equals("OK") ? "WARN" : status;
            reasons.add(i.spooled() + " frames in its spool");
        }
        if (reasons.isEmpty()) {
            reasons.add(i.state().toLowerCase(java.util.Locale.ROOT));
        }
        List<String> tags = i.kind().equals(i.instance()) ? List.of(i.kind()) : List.of(i.kind(), i.instance());
        return new HealthReport.Check(i.kind() + " " + i.instance(), tags, status, reasons);
    }

    private HealthReport.Check database(Database d) {
        try (Connection c = d.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(databaseTimeoutS);
            st.execute("SELECT 1");
            return new HealthReport.Check("database", List.of("database"), "OK", List.of("answers"));
        } catch (Exception e) {
            return new HealthReport.Check("database", List.of("database"), "CRITICAL", List.of("the bookkeeping database "
                    + "does not answer: " + e.getMessage()));
        }
    }
}
