package org.daqhub.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.config.Settings;
import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Job-monitoring events into PostgreSQL: each event once (by idempotency key), and one job or subjob row per
 * entity that the events update (started → progress → finished). Plain SQL rather than JPA here: the
 * idempotent insert and the merge into the job row are single {@code INSERT … ON CONFLICT} statements.
 */
@Component(name = "org.daqhub.events", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { JobEvents.class, RuntimeStatus.class })
public class JobEvents implements RuntimeStatus {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final IntegrationForwarder integrations;
    private final Duration maxSkew;
    final AtomicLong processed = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private volatile String lastError = "";

    /** Without integrations (tests, tools). */
    public JobEvents(Database database, Map<String, Object> props) {
        this(database, new IntegrationForwarder(), props);
    }

    @Activate
    public JobEvents(@Reference Database database, @Reference IntegrationForwarder integrations,
            Map<String, Object> props) {
        this.database = database;
        this.integrations = integrations;
        database.migrate("events", JobEvents.class.getClassLoader());
        maxSkew = Duration.ofSeconds(Settings.of(props).integer("max.skew.s", 600, 1));
    }

    /** Counts of one ingestion call. */
    public record Result(int accepted, int duplicates) {
    }

    /**
     * Validates every event first (nothing is stored if one is bad: {@link BadEventException} names it), then
     * stores them in one transaction.
     */
    public Result ingest(List<JsonNode> nodes, boolean batch) {
        Instant now = Instant.now();
        List<JobEvent> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            try {
                events.add(JobEvent.parse(nodes.get(i), now, maxSkew));
            } catch (BadEventException e) {
                rejected.incrementAndGet();
                lastError = e.getMessage();
                throw batch ? e.inBatch(i) : e;
            }
        }
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                List<MonitoringEvent> accepted = new ArrayList<>();
                for (JobEvent e : events) {
                    if (store(c, e)) {
                        accepted.add(e.toMonitoringEvent());
                    }
                }
                c.commit();
                integrations.forward(accepted); // only after the commit, and never a duplicate
                processed.addAndGet(accepted.size());
                duplicates.addAndGet(events.size() - accepted.size());
                return new Result(accepted.size(), events.size() - accepted.size());
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            lastError = e.getMessage();
            throw new IllegalStateException("storing events failed: " + e.getMessage(), e);
        }
    }

    private static final String UPSERT_JOB = upsert("job", "job_id", ", job_key", ", ?",
            ", job_key = COALESCE(t.job_key, EXCLUDED.job_key)");
    private static final String UPSERT_SUBJOB = upsert("subjob", "subjob_id", ", job_id, sub_key", ", ?, ?",
            ", job_id = COALESCE(t.job_id, EXCLUDED.job_id), sub_key = COALESCE(t.sub_key, EXCLUDED.sub_key)");

    /** INSERT of a job or subjob row that, for an existing row, merges the event into it. */
    private static String upsert(String table, String id, String extraCols, String extraVals, String extraSet) {
        return "INSERT INTO " + table + " AS t (" + id + ", app_id, site_id, status, started_at, ended_at, duration_s, "
                + "cpu_user_s, cpu_system_s, mem_max_mb, progress, metadata" + extraCols + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?"
                + extraVals + ") ON CONFLICT (" + id + ") DO UPDATE SET "
                // a late progress event does not reopen a finished job
                + "status = CASE WHEN t.status <> 'running' AND EXCLUDED.status = 'running' THEN t.status ELSE EXCLUDED.status END, "
                + "started_at = COALESCE(t.started_at, EXCLUDED.started_at), ended_at = COALESCE(EXCLUDED.ended_at, t.ended_at), "
                + "duration_s = COALESCE(EXCLUDED.duration_s, t.duration_s), cpu_user_s = COALESCE(EXCLUDED.cpu_user_s, t.cpu_user_s), "
                + "cpu_system_s = COALESCE(EXCLUDED.cpu_system_s, t.cpu_system_s), mem_max_mb = GREATEST(t.mem_max_mb, EXCLUDED.mem_max_mb), "
                + "progress = COALESCE(EXCLUDED.progress, t.progress), "
                + "metadata = CASE WHEN EXCLUDED.metadata = '{}' THEN t.metadata ELSE EXCLUDED.metadata END, updated_at = now()"
                + extraSet;
    }

    /** Stores one event; false when its idempotency key was seen before (then nothing changes). */
    private static boolean store(Connection c, JobEvent e) throws SQLException {
        try (PreparedStatement app = c.prepareStatement(
                "INSERT INTO app (app_id, name, version) VALUES (?, ?, ?) ON CONFLICT (app_id) DO NOTHING")) {
            app.setString(1, e.appId());
            app.setString(2, e.appName());
            app.setString(3, e.appVersion() == null ? "" : e.appVersion());
            app.executeUpdate();
        }
        Timestamp at = Timestamp.from(e.at());
        try (PreparedStatement ev = c.prepareStatement("INSERT INTO event (idempotency_key, at, entity_type, entity_id, "
                + "app_id, site_id, kind, status, payload) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO NOTHING")) {
            ev.setString(1, e.idempotencyKey());
            ev.setTimestamp(2, at);
            ev.setString(3, e.entityType());
            ev.setString(4, e.entityId());
            ev.setString(5, e.appId());
            ev.setString(6, e.siteId());
            ev.setString(7, e.kind());
            ev.setString(8, e.status());
            ev.setString(9, e.raw().toString());
            if (ev.executeUpdate() == 0) {
                return false;
            }
        }
        boolean sub = e.entityType().equals("subjob");
        String sql = sub ? UPSERT_SUBJOB : UPSERT_JOB;
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setString(i++, e.entityId());
            st.setString(i++, e.appId());
            st.setString(i++, e.siteId());
            st.setString(i++, e.jobStatus());
            st.setTimestamp(i++, e.kind().equals("started") ? at : null);
            st.setTimestamp(i++, e.ends() ? at : null);
            i = setDouble(st, i, e.metric("duration_s"));
            i = setDouble(st, i, e.metric("cpu_user_s"));
            i = setDouble(st, i, e.metric("cpu_system_s"));
            i = setDouble(st, i, e.metric("mem_max_mb"));
            i = setDouble(st, i, e.metric("progress"));
            st.setString(i++, e.metadata() == null || e.metadata().isNull() ? "{}" : e.metadata().toString());
            if (sub) {
                st.setString(i++, e.parentId());
                st.setString(i++, e.subKey());
            } else {
                st.setString(i++, e.businessKey());
            }
            st.executeUpdate();
        }
        return true;
    }

    private static int setDouble(PreparedStatement st, int i, Double v) throws SQLException {
        if (v == null) {
            st.setNull(i, Types.DOUBLE);
        } else {
            st.setDouble(i, v);
        }
        return i + 1;
    }

    /**
     * Jobs (or subjobs) started in [from, to), with one of the statuses (all when empty), of the app (any when
     * null), newest first.
     */
    public ArrayNode query(boolean subjobs, Instant from, Instant to, List<String> statuses, String appName, int limit) {
        String table = subjobs ? "subjob" : "job";
        StringBuilder sql = new StringBuilder("SELECT t.*, a.name AS app_name, a.version AS app_version FROM " + table
                + " t JOIN app a ON a.app_id = t.app_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND t.started_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND t.started_at < ?");
            args.add(Timestamp.from(to));
        }
        if (!statuses.isEmpty()) {
            sql.append(" AND t.status = ANY (?)");
            args.add(statuses);
        }
        if (appName != null) {
            sql.append(" AND a.name = ?");
            args.add(appName);
        }
        sql.append(" ORDER BY t.started_at DESC NULLS LAST, t.inserted_at DESC LIMIT ?");
        args.add(limit);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof List<?> l) {
                    Array arr = c.createArrayOf("varchar", l.toArray());
                    st.setArray(i + 1, arr);
                } else {
                    st.setObject(i + 1, a);
                }
            }
            ArrayNode out = JSON.createArrayNode();
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    ObjectNode row = out.addObject();
                    for (int col = 1; col <= md.getColumnCount(); col++) {
                        String name = md.getColumnLabel(col);
                        Object v = rs.getObject(col);
                        if (v == null) {
                            row.putNull(name);
                        } else if (v instanceof Timestamp t) {
                            row.put(name, t.toInstant().toString());
                        } else if (v instanceof Number num) {
                            row.put(name, num.doubleValue());
                        } else if (name.equals("metadata")) {
                            row.set(name, parse(v.toString()));
                        } else {
                            row.put(name, v.toString());
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(s);
        }
    }

    IntegrationForwarder integrations() {
        return integrations;
    }

    public Map<String, Long> counters() {
        return Map.of("events_processed", processed.get(), "events_duplicate", duplicates.get(), "events_rejected",
                rejected.get());
    }

    @Override
    public List<InstanceStatus> instances() {
        return List.of(new InstanceStatus("service", "events", "org.daqhub.events",
                integrations.spooled() > 0 ? "DEGRADED" : "RUNNING", processed.get(), 0, 0, 0, 0, rejected.get(),
                integrations.spooled(), 0, lastError, 0, 0, 0));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }
}
