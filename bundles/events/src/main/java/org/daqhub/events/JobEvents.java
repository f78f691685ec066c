package org.daqhub.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.config.Settings;
import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringExport;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Job-monitoring events into PostgreSQL: each event once (by idempotency key), and one job or subjob row per
 * entity that the events update (started → progress → finished). Plain SQL rather than JPA here: the
 * idempotent insert and the merge into the job row are single {@code INSERT … ON CONFLICT} statements.
 */
@Component(name = "org.daqhub.events", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { JobEvents.class, RuntimeStatus.class })
@org.osgi.service.metatype.annotations.Designate(ocd = EventsConfig.class)
public class JobEvents implements RuntimeStatus {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final MonitoringExport integrations;
    private final Duration maxSkew;
    private final int maxBatchEvents;
    final AtomicLong processed = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private volatile String lastError = "";

    /** Without integrations (tests, tools). */
    public JobEvents(Database database, Map<String, Object> props) {
        this(database, NO_INTEGRATIONS, props);
    }

    @Activate
    public JobEvents(@Reference Database database, @Reference MonitoringExport integrations,
            Map<String, Object> props) {
        this.database = database;
        this.integrations = integrations;
        database.migrate("events", JobEvents.class.getClassLoader());
        Settings s = Settings.of(props);
        maxSkew = Duration.ofSeconds(s.integer("max.skew.s", 600, 1));
        for (String problem : org.daqhub.api.config.UnknownKeys.of(props,
                org.daqhub.api.config.UnknownKeys.declared(EventsConfig.class))) {
            String why = problem.startsWith("unknown key max.body.bytes")
                    ? "max.body.bytes moved to etc/org.daqhub.http.cfg (one body limit for every route); ignored here"
                    : problem;
            org.slf4j.LoggerFactory.getLogger(JobEvents.class).warn("etc/org.daqhub.events.cfg: {}", why);
            lastError = why; // shown in daqhub:status until an ingestion error replaces it
        }
        maxBatchEvents = s.intValue("max.batch.events", 10_000, 1);
    }

    /** Counts of one ingestion call. */
    public record Result(int accepted, int duplicates) {
    }

    /**
     * Validates every event first (nothing is stored if one is bad: {@link BadEventException} names it), then
     * stores them in one transaction.
     */
    public Result ingest(List<JsonNode> nodes, boolean batch) {
        if (nodes.size() > maxBatchEvents) {
            rejected.incrementAndGet();
            throw new BadEventException(413, "events", nodes.size() + " events in one batch, at most " + maxBatchEvents
                    + " (max.batch.events in etc/org.daqhub.events.cfg)");
        }
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
            boolean oneStatement = onceEach(events);
            boolean export = integrations.hasIntegrations();
            // one statement is its own transaction: no COMMIT round trip, unless the integrations' outbox is written too
            c.setAutoCommit(oneStatement && !export);
            try {
                List<JobEvent> fresh = oneStatement ? storeInOneStatement(c, events) : store(c, events);
                List<MonitoringEvent> accepted = new ArrayList<>(fresh.size());
                for (JobEvent e : fresh) {
                    accepted.add(e.toMonitoringEvent());
                }
                if (export) {
                    integrations.queue(c, accepted); // in the same transaction: stored means exported, never twice
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                if (export && !accepted.isEmpty()) {
                    integrations.wake();
                }
                processed.addAndGet(accepted.size());
                duplicates.addAndGet(events.size() - accepted.size());
                return new Result(accepted.size(), events.size() - accepted.size());
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            lastError = e.getMessage();
            throw new IllegalStateException("storing events failed: " + e.getMessage(), e);
        }
    }

    /**
     * Element types of the arrays a job (subjob) upsert binds: id, app, site, status, started, ended, five
     * metrics, metadata, then job_key (job_id, sub_key).
     */
    private static final String[] JOB_TYPES = { "varchar", "varchar", "varchar", "varchar", "timestamptz",
        "timestamptz", "float8", "float8", "float8", "float8", "float8", "text", "varchar" };
    private static final String[] SUBJOB_TYPES = { "varchar", "varchar", "varchar", "varchar", "timestamptz",
        "timestamptz", "float8", "float8", "float8", "float8", "float8", "text", "varchar", "varchar" };
    private static final String JOB_SET = ", job_key = COALESCE(t.job_key, EXCLUDED.job_key)";
    private static final String SUBJOB_SET = ", job_id = COALESCE(t.job_id, EXCLUDED.job_id), "
            + "sub_key = COALESCE(t.sub_key, EXCLUDED.sub_key)";
    private static final String UPSERT_JOB = upsert("job", "job_id", ", job_key",
            "SELECT * FROM unnest(" + arrayParams(JOB_TYPES) + ") ORDER BY 1", JOB_SET);
    private static final String UPSERT_SUBJOB = upsert("subjob", "subjob_id", ", job_id, sub_key",
            "SELECT * FROM unnest(" + arrayParams(SUBJOB_TYPES) + ") ORDER BY 1", SUBJOB_SET);

    /** {@code ?::type[], …}: one array parameter per column. */
    private static String arrayParams(String[] types) {
        return String.join(", ", java.util.Arrays.stream(types).map(t -> "?::" + t + "[]").toList());
    }

    /** Binds column i of {@code cols} as an array of {@code types[i]}. */
    private static int bindArrays(Connection c, PreparedStatement st, int first, String[] types, Object[][] cols)
            throws SQLException {
        for (int col = 0; col < cols.length; col++) {
            st.setArray(first + col, c.createArrayOf(types[col], cols[col]));
        }
        return first + cols.length;
    }

    /**
     * INSERT of job or subjob rows from arrays (one element per entity) that, for an existing row, merges the
     * event into it. Rows go in id order, so concurrent batches never wait on each other in a circle.
     */
    private static String upsert(String table, String id, String extraCols, String rows, String extraSet) {
        return "INSERT INTO " + table + " AS t (" + id + ", app_id, site_id, status, started_at, ended_at, duration_s, "
                + "cpu_user_s, cpu_system_s, mem_max_mb, progress, metadata" + extraCols + ") " + rows
                + " ON CONFLICT (" + id + ") DO UPDATE SET "
                // a late progress event does not reopen a finished job
                + "status = CASE WHEN t.status <> 'running' AND EXCLUDED.status = 'running' THEN t.status ELSE EXCLUDED.status END, "
                + "started_at = COALESCE(t.started_at, EXCLUDED.started_at), ended_at = COALESCE(EXCLUDED.ended_at, t.ended_at), "
                + "duration_s = COALESCE(EXCLUDED.duration_s, t.duration_s), cpu_user_s = COALESCE(EXCLUDED.cpu_user_s, t.cpu_user_s), "
                + "cpu_system_s = COALESCE(EXCLUDED.cpu_system_s, t.cpu_system_s), mem_max_mb = GREATEST(t.mem_max_mb, EXCLUDED.mem_max_mb), "
                + "progress = COALESCE(EXCLUDED.progress, t.progress), "
                // metadata merged key by key: a later event's keys win, the others stay
                + "metadata = (t.metadata::jsonb || EXCLUDED.metadata::jsonb)::text, updated_at = now()"
                + extraSet;
    }

    /** Element types of the event insert's arrays: key, at, type, entity, app, site, kind, status, payload. */
    private static final String[] EVENT_TYPES = { "varchar", "timestamptz", "varchar", "varchar", "varchar", "varchar",
        "varchar", "varchar", "text" };
    private static final String INSERT_EVENTS = "INSERT INTO event (idempotency_key, at, entity_type, entity_id, "
            + "app_id, site_id, kind, status, payload) SELECT k, a, t, e, ap, si, ki, st, p FROM unnest("
            + arrayParams(EVENT_TYPES) + ") WITH ORDINALITY AS u(k, a, t, e, ap, si, ki, st, p, n) "
            // in the request's order: event_id is the order of arrival, as for events sent one by one
            + "ORDER BY n ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key";

    /** Job (subjob) rows for the one-statement path: only those whose event was new (returned by {@code ev}). */
    private static String freshRows(String[] types) {
        String cols = String.join(", ", java.util.stream.IntStream.range(0, types.length).mapToObj(i -> "c" + i).toList());
        return "SELECT " + cols + " FROM unnest(" + arrayParams(types) + ", ?::varchar[]) AS u(" + cols
                + ", k) WHERE k IN (SELECT idempotency_key FROM ev) ORDER BY 1";
    }

    /**
     * Apps, events, job and subjob rows in one statement (data-modifying CTEs share one snapshot, and the
     * foreign keys are checked at its end): one round trip for a single post instead of four.
     */
    private static final String STORE_ONCE_EACH = "WITH a AS (INSERT INTO app (app_id, name, version) SELECT * FROM "
            + "unnest(?::varchar[], ?::varchar[], ?::varchar[]) ON CONFLICT (app_id) DO NOTHING), ev AS ("
            + INSERT_EVENTS + "), j AS (" + upsert("job", "job_id", ", job_key", freshRows(JOB_TYPES), JOB_SET)
            + "), s AS (" + upsert("subjob", "subjob_id", ", job_id, sub_key", freshRows(SUBJOB_TYPES), SUBJOB_SET)
            + ") SELECT idempotency_key FROM ev";

    /** Whether no entity and no idempotency key occurs twice: then a statement touches each row once. */
    private static boolean onceEach(List<JobEvent> events) {
        if (events.size() == 1) {
            return true;
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.Set<String> entities = new java.util.HashSet<>();
        for (JobEvent e : events) {
            if (!keys.add(e.idempotencyKey()) || !entities.add(e.entityType() + "/" + e.entityId())) {
                return false;
            }
        }
        return true;
    }

    private static List<JobEvent> storeInOneStatement(Connection c, List<JobEvent> events) throws SQLException {
        Map<String, JobEvent> apps = new java.util.LinkedHashMap<>();
        for (JobEvent e : events) {
            apps.putIfAbsent(e.appId(), e);
        }
        Object[][] appCols = new Object[3][apps.size()];
        int a = 0;
        for (JobEvent e : apps.values()) {
            appCols[0][a] = e.appId();
            appCols[1][a] = e.appName();
            appCols[2][a++] = e.appVersion() == null ? "" : e.appVersion();
        }
        List<JobEvent> jobs = new ArrayList<>();
        List<JobEvent> subjobs = new ArrayList<>();
        for (JobEvent e : events) {
            (e.entityType().equals("subjob") ? subjobs : jobs).add(e);
        }
        java.util.Set<String> newKeys = new java.util.HashSet<>();
        try (PreparedStatement st = c.prepareStatement(STORE_ONCE_EACH)) {
            int p = bindArrays(c, st, 1, new String[] { "varchar", "varchar", "varchar" }, appCols);
            p = bindArrays(c, st, p, EVENT_TYPES, eventColumns(events));
            p = bindArrays(c, st, p, JOB_TYPES, rowColumns(jobs, false));
            st.setArray(p++, c.createArrayOf("varchar", keys(jobs)));
            p = bindArrays(c, st, p, SUBJOB_TYPES, rowColumns(subjobs, true));
            st.setArray(p, c.createArrayOf("varchar", keys(subjobs)));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    newKeys.add(rs.getString(1));
                }
            }
        }
        List<JobEvent> fresh = new ArrayList<>(newKeys.size());
        for (JobEvent e : events) {
            if (newKeys.contains(e.idempotencyKey())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private static Object[] keys(List<JobEvent> events) {
        return events.stream().map(JobEvent::idempotencyKey).toArray();
    }

    /**
     * For requests where an entity or a key repeats: stores the events in three round trips whatever their
     * number (apps, events, job rows) and returns those
     * whose idempotency key was new, in their order; for the others nothing changes. The event insert is one
     * statement over arrays; job and subjob rows one JDBC batch each, merged in event order (several events of
     * one job in a batch merge as if sent one by one).
     */
    private static List<JobEvent> store(Connection c, List<JobEvent> events) throws SQLException {
        Map<String, JobEvent> apps = new java.util.LinkedHashMap<>();
        for (JobEvent e : events) {
            apps.putIfAbsent(e.appId(), e);
        }
        try (PreparedStatement app = c.prepareStatement(
                "INSERT INTO app (app_id, name, version) VALUES (?, ?, ?) ON CONFLICT (app_id) DO NOTHING")) {
            for (JobEvent e : apps.values()) {
                app.setString(1, e.appId());
                app.setString(2, e.appName());
                app.setString(3, e.appVersion() == null ? "" : e.appVersion());
                app.addBatch();
            }
            app.executeBatch();
        }
        java.util.Set<String> newKeys = new java.util.HashSet<>();
        try (PreparedStatement ev = c.prepareStatement(INSERT_EVENTS)) {
            bindArrays(c, ev, 1, EVENT_TYPES, eventColumns(events));
            try (ResultSet rs = ev.executeQuery()) {
                while (rs.next()) {
                    newKeys.add(rs.getString(1));
                }
            }
        }
        // a key twice in one batch: the first one counts
        List<JobEvent> fresh = new ArrayList<>(newKeys.size());
        for (JobEvent e : events) {
            if (newKeys.remove(e.idempotencyKey())) {
                fresh.add(e);
            }
        }
        upsertRows(c, fresh, false);
        upsertRows(c, fresh, true);
        return fresh;
    }

    /**
     * The job (or subjob) rows of the events: in rounds, round i carrying the i-th event of every entity in
     * the batch, so that one entity's events merge in their order (a statement may touch a row only once) and a
     * batch of N jobs with 3 events each costs 3 statements, sent as one JDBC batch.
     */
    private static void upsertRows(Connection c, List<JobEvent> fresh, boolean sub) throws SQLException {
        Map<String, List<JobEvent>> byEntity = new java.util.TreeMap<>();
        int rounds = 0;
        for (JobEvent e : fresh) {
            if (e.entityType().equals("subjob") == sub) {
                List<JobEvent> l = byEntity.computeIfAbsent(e.entityId(), k -> new ArrayList<>());
                l.add(e);
                rounds = Math.max(rounds, l.size());
            }
        }
        if (rounds == 0) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement(sub ? UPSERT_SUBJOB : UPSERT_JOB)) {
            for (int r = 0; r < rounds; r++) {
                List<JobEvent> round = new ArrayList<>();
                for (List<JobEvent> l : byEntity.values()) {
                    if (l.size() > r) {
                        round.add(l.get(r));
                    }
                }
                bindArrays(c, st, 1, sub ? SUBJOB_TYPES : JOB_TYPES, rowColumns(round, sub));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The event insert's columns, one array each ({@link #EVENT_TYPES}). */
    private static Object[][] eventColumns(List<JobEvent> events) {
        int n = events.size();
        Object[][] cols = new Object[EVENT_TYPES.length][n];
        for (int i = 0; i < n; i++) {
            JobEvent e = events.get(i);
            cols[0][i] = e.idempotencyKey();
            cols[1][i] = Timestamp.from(e.at());
            cols[2][i] = e.entityType();
            cols[3][i] = e.entityId();
            cols[4][i] = e.appId();
            cols[5][i] = e.siteId();
            cols[6][i] = e.kind();
            cols[7][i] = e.status();
            cols[8][i] = e.raw().toString();
        }
        return cols;
    }

    /** A job (subjob) upsert's columns, one array each ({@link #JOB_TYPES}, {@link #SUBJOB_TYPES}). */
    private static Object[][] rowColumns(List<JobEvent> events, boolean sub) {
        int n = events.size();
        Object[][] cols = new Object[(sub ? SUBJOB_TYPES : JOB_TYPES).length][n];
        for (int i = 0; i < n; i++) {
            JobEvent e = events.get(i);
            Timestamp at = Timestamp.from(e.at());
            cols[0][i] = e.entityId();
            cols[1][i] = e.appId();
            cols[2][i] = e.siteId();
            cols[3][i] = e.jobStatus();
            cols[4][i] = e.kind().equals("started") ? at : null;
            cols[5][i] = e.ends() ? at : null;
            cols[6][i] = e.metric("duration_s");
            cols[7][i] = e.metric("cpu_user_s");
            cols[8][i] = e.metric("cpu_system_s");
            cols[9][i] = e.metric("mem_max_mb");
            cols[10][i] = e.metric("progress");
            cols[11][i] = e.metadata() == null || e.metadata().isNull() ? "{}" : e.metadata().toString();
            if (sub) {
                cols[12][i] = e.parentId();
                cols[13][i] = e.subKey();
            } else {
                cols[12][i] = e.businessKey();
            }
        }
        return cols;
    }

    /**
     * Jobs started in [from, to), with one of the statuses (all when empty), of the app (any when null), newest
     * first.
     */
    public List<JobViews.JobView> jobs(Instant from, Instant to, List<String> statuses, String appName, int limit) {
        return select(false, from, to, statuses, appName, limit, JobEvents::job);
    }

    /** Subjobs, chosen as {@link #jobs}. */
    public List<JobViews.SubjobView> subjobs(Instant from, Instant to, List<String> statuses, String appName, int limit) {
        return select(true, from, to, statuses, appName, limit, JobEvents::subjob);
    }

    private <T> List<T> select(boolean subjobs, Instant from, Instant to, List<String> statuses, String appName,
            int limit, Row<T> row) {
        BadEventException.checkTime("from", from);
        BadEventException.checkTime("to", to);
        BadEventException.checkText("app_name", appName, JobEvent.APP_NAME_LENGTH);
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
        return rows(sql.toString(), args, row);
    }

    /**
     * One job with its subjobs and its events in the order they arrived (each event's metrics and metadata as
     * sent), or null when there is no such job.
     */
    public JobViews.JobDetail job(String jobId) {
        BadEventException.checkText("job_id", jobId, JobEvent.ENTITY_ID_LENGTH);
        List<JobViews.JobView> job = rows("SELECT t.*, a.name AS app_name, a.version AS app_version FROM job t JOIN app a "
                + "ON a.app_id = t.app_id WHERE t.job_id = ?", List.of(jobId), JobEvents::job);
        if (job.isEmpty()) {
            return null;
        }
        List<JobViews.SubjobView> subjobs = rows("SELECT t.*, a.name AS app_name, a.version AS app_version FROM subjob t "
                + "JOIN app a ON a.app_id = t.app_id WHERE t.job_id = ? ORDER BY t.started_at NULLS LAST, t.inserted_at",
                List.of(jobId), JobEvents::subjob);
        List<JobViews.EventView> events = rows("SELECT event_id, idempotency_key, at, entity_type, entity_id, kind, "
                + "status, payload, inserted_at FROM event WHERE entity_id = ? OR entity_id IN (SELECT subjob_id FROM "
                + "subjob WHERE job_id = ?) ORDER BY event_id LIMIT 10000", List.of(jobId, jobId), rs -> {
                    JsonNode event = parse(rs.getString("payload")).path("event");
                    return new JobViews.EventView(rs.getLong("event_id"), rs.getString("idempotency_key"),
                            iso(rs, "at"), rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("kind"),
                            rs.getString("status"), present(event.get("metrics")), present(event.get("metadata")),
                            iso(rs, "inserted_at"));
                });
        return new JobViews.JobDetail(job.get(0), subjobs, events);
    }

    /** A JSON member as sent; an empty object for one not sent. */
    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? JSON.createObjectNode() : n;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static JobViews.JobView job(ResultSet rs) throws SQLException {
        return new JobViews.JobView(rs.getString("job_id"), rs.getString("app_id"), rs.getString("app_name"),
                rs.getString("app_version"), rs.getString("site_id"), rs.getString("job_key"), rs.getString("status"),
                iso(rs, "started_at"), iso(rs, "ended_at"), number(rs, "duration_s"), number(rs, "cpu_user_s"),
                number(rs, "cpu_system_s"), number(rs, "mem_max_mb"), number(rs, "progress"),
                parse(rs.getString("metadata")), iso(rs, "inserted_at"), iso(rs, "updated_at"));
    }

    private static JobViews.SubjobView subjob(ResultSet rs) throws SQLException {
        return new JobViews.SubjobView(rs.getString("subjob_id"), rs.getString("job_id"), rs.getString("app_id"),
                rs.getString("app_name"), rs.getString("app_version"), rs.getString("site_id"), rs.getString("sub_key"),
                rs.getString("status"), iso(rs, "started_at"), iso(rs, "ended_at"), number(rs, "duration_s"),
                number(rs, "cpu_user_s"), number(rs, "cpu_system_s"), number(rs, "mem_max_mb"), number(rs, "progress"),
                parse(rs.getString("metadata")), iso(rs, "inserted_at"), iso(rs, "updated_at"));
    }

    private static String iso(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().toString();
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    private <T> List<T> rows(String sql, List<?> args, Row<T> row) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof List<?> l) {
                    Array arr = c.createArrayOf("varchar", l.toArray());
                    st.setArray(i + 1, arr);
                } else {
                    st.setObject(i + 1, a);
                }
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
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

    MonitoringExport integrations() {
        return integrations;
    }

    /** Events waiting for the integrations, on every node. */
    long waitingForIntegrations() {
        return integrations.integrations().stream().mapToLong(MonitoringExport.IntegrationState::pending).sum();
    }

    private static final MonitoringExport NO_INTEGRATIONS = new MonitoringExport() {
        @Override
        public boolean hasIntegrations() {
            return false;
        }

        @Override
        public int queue(Connection transaction, List<MonitoringEvent> events) {
            return 0;
        }

        @Override
        public void wake() {
        }

        @Override
        public List<IntegrationState> integrations() {
            return List.of();
        }
    };

    public Map<String, Long> counters() {
        return Map.of("events_processed", processed.get(), "events_duplicate", duplicates.get(), "events_rejected",
                rejected.get());
    }

    @Override
    public List<InstanceStatus> instances() {
        List<MonitoringExport.IntegrationState> states = integrations.integrations();
        long waiting = states.stream().mapToLong(MonitoringExport.IntegrationState::pending).sum();
        boolean degraded = states.stream().anyMatch(st -> !"healthy".equals(st.state())); // not events merely in transit
        return List.of(new InstanceStatus("service", "events", "org.daqhub.events", degraded ? "DEGRADED" : "RUNNING",
                processed.get(), 0, 0, 0, 0, rejected.get(), waiting, 0, lastError, 0, 0, 0));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }
}
