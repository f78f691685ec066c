package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.http.ApiException;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Worksets in the bookkeeping PostgreSQL: registration, the state machine with its append-only history, writes
 * fenced by the holder's token, classified retries, and a sweep that puts expired leases back into the queue
 * and due retries back to ready. The leases themselves are {@link Leases}.
 */
@Component(name = "org.daqhub.worksets", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { Worksets.class, RuntimeStatus.class })
@Designate(ocd = WorksetsConfig.class)
public class Worksets implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(Worksets.class);
    /** Failure categories (the seed's): the first two are retried, the others fail the workset at once. */
    static final Set<String> RETRIED = Set.of("transient", "resource");
    /** The states a change into is told to the notification outbox (retrying and failed come from recordFailure). */
    static final Set<WorksetState> TOLD = java.util.EnumSet.of(WorksetState.COMPLETE, WorksetState.ERROR, WorksetState.FAILED);
    static final Set<String> CATEGORIES = Set.of("transient", "resource", "configuration", "data", "permanent");

    private final javax.sql.DataSource db;
    private final Leases leases;
    private final QueueWakeups wakeups;
    private final Scheduler scheduler;
    private final int maxRetries;
    private final int retryMaxSeconds;
    private final ScheduledExecutorService sweeper;
    final AtomicLong registered = new AtomicLong();
    final AtomicLong transitions = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile String lastError = "";

    /** Where state changes worth telling someone go (the notification outbox), when daqhub-notify is installed. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.daqhub.api.notify.Notifier notifier;

    /** Without a container (tests, tools): where notifications go. */
    void useNotifier(org.daqhub.api.notify.Notifier n) {
        notifier = n;
    }

    @Activate
    public Worksets(@Reference Database database, Map<String, Object> props) {
        database.migrate("worksets", Worksets.class.getClassLoader());
        this.db = database.dataSource();
        Settings s = Settings.of(props);
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(WorksetsConfig.class))) {
            LOG.warn("etc/org.daqhub.worksets.cfg: {}", problem);
            lastError = problem;
        }
        int heartbeat = s.intValue("heartbeat.s", 5, 1);
        int lease = s.intValue("lease.s", 10, 1);
        int sweepMs = s.intValue("sweep.interval.ms", 1000, 100);
        if (lease * 1000L + sweepMs > 3000L * heartbeat) {
            LOG.warn("etc/org.daqhub.worksets.cfg: lease.s = {} plus one sweep ({} ms) is more than 3 heartbeats ({} s): "
                    + "a dead holder's workset is taken over later than 3 heartbeats", lease, sweepMs, 3 * heartbeat);
        }
        maxRetries = s.intValue("max.retries", 3, 0);
        retryMaxSeconds = s.intValue("retry.max.s", 3600, 1);
        int maxActive = s.intValue("max.active", 0, 0);
        wakeups = new QueueWakeups(db);
        leases = new Leases(db, lease, maxActive, wakeups);
        scheduler = new Scheduler(db);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-worksets-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        LOG.info("daqhub worksets: leases of {} s (holders heartbeat every {} s), {} retries up to {} s apart",
                lease, heartbeat, maxRetries, retryMaxSeconds);
    }

    @Deactivate
    public void deactivate() {
        sweeper.shutdownNow();
        wakeups.close();
        try {
            sweeper.awaitTermination(10, TimeUnit.SECONDS); // no sweep against a pool that is closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Leases leases() {
        return leases;
    }

    QueueWakeups wakeups() {
        return wakeups;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Decides where a workset should run (see {@link Scheduler}) and records why. */
    public Scheduler.Decision schedule(String id, String actor) {
        return scheduler.schedule(get(id), actor);
    }

    public Scheduler.Stats schedulerStats() {
        return scheduler.stats(stats().queueDepth());
    }

    /** The seed's registration; 409 for an id that exists. The cost is the metadata's estimated_cost_usd, else estimated_cost. */
    public WorksetViews.Workset register(String id, String bucket, String prefix, Priority priority, JsonNode metadata,
            Integer maxRetriesOfThis, String preferredCluster, String actor) {
        checkId(id);
        checkLength("bucket", bucket, 1024);
        checkLength("prefix", prefix, 4096);
        checkLength("preferred_cluster", preferredCluster, 255);
        JsonNode meta = metadata == null || metadata.isNull() ? WorksetRows.JSON.createObjectNode() : metadata;
        if (!meta.isObject()) {
            throw ApiException.invalid("metadata", "must be a JSON object");
        }
        Double cost = cost(meta);
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("WITH i AS (INSERT INTO workset "
                + "(workset_id, state, priority, priority_rank, bucket, prefix, metadata, estimated_cost, max_retries, "
                + "preferred_cluster) VALUES (?, 'ready', ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (workset_id) DO NOTHING "
                + "RETURNING *), h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
                + "SELECT workset_id, 'ready', 'registered', ?, 0 FROM i) SELECT * FROM i")) {
            st.setString(1, id);
            st.setString(2, priority.id());
            st.setInt(3, priority.rank());
            st.setString(4, bucket);
            st.setString(5, prefix);
            st.setString(6, meta.toString());
            st.setObject(7, cost, java.sql.Types.DOUBLE);
            st.setInt(8, maxRetriesOfThis == null ? maxRetries : maxRetriesOfThis);
            st.setString(9, preferredCluster);
            st.setString(10, actor);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.conflict("workset_id", "workset " + id + " is already registered");
                }
                registered.incrementAndGet();
                return WorksetRows.read(c, rs, true);
            }
        } catch (SQLException e) {
            throw failure("registering workset " + id, e);
        }
    }

    /** The seed reads estimated_cost_usd; its own example writes estimated_cost: both count. */
    static Double cost(JsonNode meta) {
        for (String key : List.of("estimated_cost_usd", "estimated_cost")) {
            JsonNode v = meta.get(key);
            if (v != null && !v.isNull()) {
                if (!v.isNumber() || v.asDouble() < 0) {
                    throw ApiException.invalid("metadata." + key, "must be a number ≥ 0");
                }
                return v.asDouble();
            }
        }
        return null;
    }

    public WorksetViews.Workset get(String id) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT * FROM workset WHERE workset_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("workset " + id);
                }
                return WorksetRows.read(c, rs, true);
            }
        } catch (SQLException e) {
            throw failure("reading workset " + id, e);
        }
    }

    /** In queue order (priority, cost, age); the history is in each workset's own answer. */
    public List<WorksetViews.Workset> list(WorksetState state, Priority priority, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM workset WHERE true");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.id());
        }
        if (priority != null) {
            sql.append(" AND priority = ?");
            args.add(priority.id());
        }
        sql.append(" ORDER BY priority_rank, estimated_cost NULLS LAST, created_at LIMIT ?");
        args.add(limit);
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            List<WorksetViews.Workset> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(WorksetRows.read(c, rs, false));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("listing worksets", e);
        }
    }

    /** The next workset the queue would hand out (without claiming it), or null. */
    public WorksetViews.Workset peekNext() {
        List<WorksetViews.Workset> next = list(WorksetState.READY, null, 1);
        return next.isEmpty() ? null : next.get(0);
    }

    /** Counts per state in one snapshot, so the total is their sum. */
    public WorksetViews.QueueStats stats() {
        Map<String, Long> depth = new LinkedHashMap<>();
        for (WorksetState s : WorksetState.values()) {
            depth.put(s.id(), 0L);
        }
        Map<String, Long> ready = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            ready.put(p.id(), 0L);
        }
        long leased = 0;
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT state, priority, count(*), "
                + "count(*) FILTER (WHERE lock_expires_at > now()) FROM workset GROUP BY state, priority")) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    depth.merge(rs.getString(1), rs.getLong(3), Long::sum);
                    if (rs.getString(1).equals("ready")) {
                        ready.merge(rs.getString(2), rs.getLong(3), Long::sum);
                    }
                    leased += rs.getLong(4);
                }
            }
        } catch (SQLException e) {
            throw failure("counting worksets", e);
        }
        long total = depth.values().stream().mapToLong(Long::longValue).sum();
        return new WorksetViews.QueueStats(depth, total, depth.get("ready"), depth.get("in_progress"), depth.get("error"),
                ready, leased);
    }

    /** A state change as the seed's PUT sends it, with the holder's lease when the workset is leased. */
    public record Change(WorksetState to, String reason, String errorDetails, String clusterName, JsonNode metrics,
            String ownerId, Long fencingToken) {
    }

    /**
     * Moves a workset along its diagram (409 naming both states otherwise). While the workset is leased, only its
     * holder may, with its current fencing token (403 for another owner, 409 for a stale token). One statement
     * checks both (the states the target may be reached from; no lease, or the caller's with its token) and makes
     * the change; only when it changed nothing is the row read to say why. The answer leaves out the history
     * (GET has it), so a holder's change is one round trip.
     */
    public WorksetViews.Workset change(String id, Change ch, String actor) {
        if (ch.to() == WorksetState.LOCKED) {
            throw ApiException.invalid("state", "locked is taken with POST /api/v1/worksets/" + id + "/lock?owner_id=...");
        }
        if (ch.to() == WorksetState.RETRYING) {
            throw ApiException.invalid("state", "retrying comes from a failure: POST /api/v1/worksets/" + id
                    + "/failure with its error_category (it sets the retry count and when the retry is due)");
        }
        checkLength("cluster_name", ch.clusterName(), 255);
        boolean keepsLease = ch.to() == WorksetState.IN_PROGRESS;
        org.daqhub.api.notify.Notifier told = TOLD.contains(ch.to()) ? notifier : null;
        try (Connection c = db.getConnection()) {
            Transaction tx = Transaction.beginIf(c, told != null);
            try (PreparedStatement st = c.prepareStatement("WITH u AS (UPDATE workset SET state = ?, updated_at = now(), "
                    + "error_details = COALESCE(?, error_details), cluster_name = COALESCE(?, cluster_name), "
                    + "metrics = metrics || COALESCE(?::jsonb, '{}'::jsonb)"
                    + (keepsLease ? ", lock_expires_at = now() + make_interval(secs => ?)"
                            : ", lock_owner = NULL, lock_acquired_at = NULL, lock_expires_at = NULL")
                    + ", retry_after = NULL"
                    // a lock_owner is set exactly while the workset is leased; a token sent must be the current one
                    + " WHERE workset_id = ? AND state = ANY (?::varchar[]) AND (lock_owner IS NULL OR "
                    + "(lock_owner = ? AND fencing_token = ?)) AND (?::bigint IS NULL OR fencing_token = ?) RETURNING *), "
                    + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
                    + "SELECT workset_id, state, ?, ?, fencing_token FROM u) SELECT * FROM u")) {
                int p = 1;
                st.setString(p++, ch.to().id());
                st.setString(p++, ch.errorDetails());
                st.setString(p++, ch.clusterName());
                st.setString(p++, ch.metrics() == null || ch.metrics().isNull() ? null : ch.metrics().toString());
                if (keepsLease) {
                    st.setInt(p++, leases.leaseSeconds());
                }
                st.setString(p++, id);
                st.setArray(p++, c.createArrayOf("varchar", ch.to().previous().stream().map(WorksetState::id).toArray()));
                st.setString(p++, ch.ownerId());
                st.setObject(p++, ch.fencingToken(), java.sql.Types.BIGINT);
                st.setObject(p++, ch.fencingToken(), java.sql.Types.BIGINT);
                st.setObject(p++, ch.fencingToken(), java.sql.Types.BIGINT);
                st.setString(p++, ch.reason() == null ? "" : ch.reason());
                st.setString(p, actor);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        WorksetViews.Workset w = WorksetRows.read(c, rs, false);
                        tell(told, c, w, ch.reason());
                        tx.commit();
                        transitions.incrementAndGet();
                        return w;
                    }
                }
            } finally {
                tx.end();
            }
            // nothing changed: say why (404, 403, stale token, a move the diagram lacks), or that it changed meanwhile
            Current cur = current(c, id);
            checkHolder(id, cur, ch.ownerId(), ch.fencingToken()); // first: a stale holder learns it is one
            if (ch.ownerId() != null && cur.owner() == null && !cur.state().previous().isEmpty()
                    && !ch.to().previous().contains(cur.state())) {
                throw ApiException.conflict("owner_id", "workset " + id + " has no lease any more (" + ch.ownerId()
                        + "'s expired or was released); it is " + cur.state().id());
            }
            cur.state().checkMoveTo(id, ch.to());
            throw ApiException.conflict("state", "workset " + id + " changed meanwhile (it is " + cur.state().id()
                    + " under fencing token " + cur.token() + "); read it again");
        } catch (SQLException e) {
            throw failure("changing workset " + id, e);
        }
    }

    /**
     * The seed's record_failure: a transient or resource failure within the retries goes to retrying, due after
     * 1, 2, 4 … s (capped at retry.max.s, ±10 % so a fleet does not retry in step); anything else fails at once.
     */
    public WorksetViews.Workset recordFailure(String id, String details, String category, String failedStep, String ownerId,
            Long fencingToken, String actor) {
        String cat = category == null ? "" : category.trim().toLowerCase(Locale.ROOT);
        if (cat.equals("config")) {
            cat = "configuration";
        }
        if (!CATEGORIES.contains(cat)) {
            throw ApiException.invalid("error_category", "unknown category '" + category + "': one of "
                    + String.join(", ", new java.util.TreeSet<>(CATEGORIES)));
        }
        try (Connection c = db.getConnection()) {
            Current cur = current(c, id);
            checkHolder(id, cur, ownerId, fencingToken);
            org.daqhub.api.notify.Notifier told = notifier;
            Transaction tx = Transaction.beginIf(c, told != null);
            if (cur.state() != WorksetState.IN_PROGRESS) {
                throw ApiException.conflict("state", "workset " + id + " is " + cur.state().id()
                        + "; a failure is recorded for a workset in progress");
            }
            boolean retry = RETRIED.contains(cat) && cur.retryCount() < cur.maxRetries();
            double delay = Math.min(Math.pow(2, cur.retryCount()), retryMaxSeconds)
                    * ThreadLocalRandom.current().nextDouble(0.9, 1.1);
            try (PreparedStatement st = c.prepareStatement("WITH u AS (UPDATE workset SET state = ?, updated_at = now(), "
                    + "error_details = ?, error_category = ?, failed_step = ?, retry_count = retry_count + ?, "
                    + "retry_after = CASE WHEN ? THEN now() + make_interval(secs => ?) ELSE NULL END, "
                    + "lock_owner = NULL, lock_acquired_at = NULL, lock_expires_at = NULL "
                    + "WHERE workset_id = ? AND state = 'in_progress' AND fencing_token = ? RETURNING *), "
                    + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
                    + "SELECT workset_id, state, ?, ?, fencing_token FROM u) SELECT * FROM u")) {
                st.setString(1, retry ? "retrying" : "failed");
                st.setString(2, details);
                st.setString(3, cat);
                st.setString(4, failedStep);
                st.setInt(5, retry ? 1 : 0);
                st.setBoolean(6, retry);
                st.setDouble(7, delay);
                st.setString(8, id);
                st.setLong(9, cur.token());
                st.setString(10, retry ? String.format(Locale.ROOT, "%s failure, retry %d of %d in %.1f s", cat,
                        cur.retryCount() + 1, cur.maxRetries(), delay)
                        : cat + " failure" + (RETRIED.contains(cat) ? ", no retries left" : ", not retried"));
                st.setString(11, actor);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.conflict("state", "workset " + id + " changed meanwhile; read it again");
                    }
                    WorksetViews.Workset w = WorksetRows.read(c, rs, true);
                    tell(told, c, w, details);
                    tx.commit();
                    (retry ? retried : failed).incrementAndGet();
                    return w;
                }
            } finally {
                tx.end();
            }
        } catch (SQLException e) {
            throw failure("recording a failure of workset " + id, e);
        }
    }

    /**
     * The seed's notification events: completion (info), error (warning; critical once failed for good), a retry
     * (warning). Keyed by workset, state and fencing token, so each transition is told once. Queued in the change's
     * own transaction, so a crash never parts the two; a notification the outbox refuses (behind a savepoint) never
     * fails the change.
     */
    private static void tell(org.daqhub.api.notify.Notifier n, Connection c, WorksetViews.Workset w, String reason)
            throws SQLException {
        if (n == null) {
            return;
        }
        String type;
        String severity;
        switch (w.state()) {
            case "complete" -> { type = "completion"; severity = "info"; }
            case "error" -> { type = "error"; severity = "warning"; }
            case "failed" -> { type = "error"; severity = "critical"; }
            case "retrying" -> { type = "state_change"; severity = "warning"; }
            default -> { return; }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("event_type", type);
        attrs.put("workset_id", w.worksetId());
        attrs.put("state", w.state());
        attrs.put("priority", w.priority());
        if (w.clusterName() != null) {
            attrs.put("cluster_name", w.clusterName());
        }
        if (w.errorCategory() != null) {
            attrs.put("error_category", w.errorCategory());
        }
        java.sql.Savepoint sp = c.setSavepoint();
        try {
            n.notify(c, "workset/" + w.worksetId() + "/" + w.state() + "/" + w.fencingToken(), new org.daqhub.api.notify.Notification(
                    severity, "workset " + w.worksetId() + " is " + w.state(), reason == null ? "" : reason,
                    java.time.Instant.now(), attrs));
            c.releaseSavepoint(sp);
        } catch (RuntimeException e) {
            c.rollback(sp);
            LOG.warn("daqhub worksets: could not queue the notification for {} ({}): {}", w.worksetId(), w.state(), e.toString());
        }
    }

    /** The seed's lock_timeout: a holder stopped heartbeating and its workset went back to the queue. */
    private static void tellStaleLock(org.daqhub.api.notify.Notifier n, Connection c, String id, String owner, long token,
            String priority, java.sql.Timestamp expiredAt) throws SQLException {
        if (n == null) {
            return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("event_type", "lock_timeout");
        attrs.put("alert", "stale_lock");
        attrs.put("workset_id", id);
        attrs.put("state", "ready");
        attrs.put("priority", priority);
        attrs.put("owner", owner);
        java.sql.Savepoint sp = c.setSavepoint();
        try {
            n.notify(c, "workset/" + id + "/lock_timeout/" + token, new org.daqhub.api.notify.Notification("warning",
                    "the lock on workset " + id + " went stale", "The lease of " + owner + " expired at " + expiredAt
                            + " without a heartbeat; the workset is back in the queue.", java.time.Instant.now(), attrs));
            c.releaseSavepoint(sp);
        } catch (RuntimeException e) {
            c.rollback(sp);
            LOG.warn("daqhub worksets: could not queue the stale-lock notification for {}: {}", id, e.toString());
        }
    }

    private record Current(WorksetState state, String owner, long token, int retryCount, int maxRetries) {
    }

    private static Current current(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT state, lock_owner, fencing_token, retry_count, "
                + "max_retries FROM workset WHERE workset_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("workset " + id);
                }
                return new Current(WorksetState.of("state", rs.getString(1)), rs.getString(2), rs.getLong(3),
                        rs.getInt(4), rs.getInt(5));
            }
        }
    }

    /** A leased workset's writes need its holder and current token; an unleased one's need neither. */
    private void checkHolder(String id, Current cur, String ownerId, Long token) {
        ApiException refusal = holderRefusal(id, cur, ownerId, token);
        if (refusal != null) {
            leases.refused.incrementAndGet();
            throw refusal;
        }
    }

    /**
     * Null when the caller may write: a token, when sent, must be the current one (409: a holder that lost its
     * lease learns so); a leased workset also needs its holder's owner_id (403 for anyone else) and token.
     */
    private static ApiException holderRefusal(String id, Current cur, String ownerId, Long token) {
        if (token != null && token != cur.token()) {
            return ApiException.conflict("fencing_token", "fencing token " + token + " is stale: workset " + id + " is "
                    + cur.state().id() + (cur.owner() == null ? "" : ", held by " + cur.owner()) + " under token "
                    + cur.token());
        }
        if (!WorksetState.LEASED.contains(cur.state()) || cur.owner() == null) {
            return null;
        }
        if (ownerId == null || ownerId.isBlank()) {
            return new ApiException(403, "owner_id", "workset " + id + " is " + cur.state().id() + ", held by " + cur.owner()
                    + ": send its owner_id and fencing_token");
        }
        if (!ownerId.equals(cur.owner())) {
            return new ApiException(403, "owner_id", "workset " + id + " is held by " + cur.owner() + ", not " + ownerId);
        }
        if (token == null) {
            return ApiException.invalid("fencing_token", "is required for a write by the holder (the lock's answer has it)");
        }
        return null;
    }

    /** Expired leases back to the queue, due retries back to ready: each one statement with its history. */
    int sweep() throws SQLException {
        int n = 0;
        try (Connection c = db.getConnection()) {
            org.daqhub.api.notify.Notifier told = notifier;
            Transaction tx = Transaction.beginIf(c, told != null);
            try (PreparedStatement st = c.prepareStatement("WITH old AS (SELECT workset_id, lock_owner, lock_expires_at FROM "
                    + "workset WHERE state IN ('locked', 'in_progress') AND lock_expires_at <= now() FOR UPDATE SKIP LOCKED), "
                    + "u AS (UPDATE workset w SET state = 'ready', lock_owner = NULL, lock_acquired_at = NULL, "
                    + "lock_expires_at = NULL, updated_at = now() FROM old WHERE w.workset_id = old.workset_id "
                    + "RETURNING w.workset_id, w.fencing_token, w.priority, old.lock_owner, old.lock_expires_at), "
                    + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) SELECT workset_id, "
                    + "'ready', 'lease of ' || lock_owner || ' expired at ' || lock_expires_at || '; back in the queue', "
                    + "'daqhub', fencing_token FROM u) SELECT workset_id, lock_owner, fencing_token, priority, lock_expires_at FROM u")) {
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        expired.incrementAndGet();
                        LOG.warn("daqhub worksets: the lease of {} on workset {} expired without a heartbeat; it is back in the queue",
                                rs.getString(2), rs.getString(1));
                        tellStaleLock(told, c, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getTimestamp(5));
                    }
                }
                tx.commit();
            } finally {
                tx.end();
            }
            try (PreparedStatement st = c.prepareStatement("WITH u AS (UPDATE workset SET state = 'ready', retry_after = NULL, "
                    + "updated_at = now() WHERE state = 'retrying' AND retry_after <= now() RETURNING workset_id, "
                    + "fencing_token, retry_count, max_retries), h AS (INSERT INTO workset_history (workset_id, state, reason, "
                    + "actor, fencing_token) SELECT workset_id, 'ready', 'retry ' || retry_count || ' of ' || max_retries "
                    + "|| ' due', 'daqhub', fencing_token FROM u) SELECT count(*) FROM u")) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    n += rs.getInt(1);
                }
            }
        }
        return n;
    }

    /** The sweep is also this node's heartbeat: while it cannot reach the database, the node claims nothing. */
    private void sweepQuietly() {
        try {
            sweep();
            if (!nodeAlive) {
                LOG.info("daqhub worksets: the database answers again; claiming again");
                lastError = "";
            }
            nodeAlive = true;
        } catch (Exception e) { // the next sweep tries again; a dead database shows in daqhub:status
            lastError = "sweep: " + e.getMessage();
            if (nodeAlive) {
                LOG.warn("daqhub worksets: sweep failed ({}); this node claims nothing until the database answers", e.toString());
            }
            nodeAlive = false;
        }
        leases.nodeAlive(nodeAlive);
    }

    private volatile boolean nodeAlive = true;

    private RuntimeException failure(String what, SQLException e) {
        lastError = what + ": " + e.getMessage();
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }

    /** The column's length, as a 422 naming the field rather than a 500 from the database. */
    static void checkLength(String field, String v, int max) {
        if (v != null && v.length() > max) {
            throw ApiException.invalid(field, "is longer than " + max + " characters");
        }
        if (v != null && v.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain NUL");
        }
    }

    static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw ApiException.invalid("workset_id", "is required");
        }
        if (id.length() > 255 || !id.matches("[A-Za-z0-9._:@+-]+")) {
            throw ApiException.invalid("workset_id", "must be 1-255 characters of A-Z a-z 0-9 . _ : @ + -");
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("worksets_registered", registered.get());
        m.put("workset_transitions", transitions.get());
        m.put("workset_leases_acquired", leases.acquired.get());
        m.put("workset_leases_taken_over", leases.takenOver.get());
        m.put("workset_leases_forced", leases.forced.get());
        m.put("workset_leases_expired", expired.get());
        m.put("workset_writes_refused", leases.refused.get());
        m.put("workset_claims_capped", leases.capped.get());
        m.put("workset_schedules", scheduler.scheduled.get());
        m.put("workset_schedules_queued", scheduler.queued.get());
        m.put("workset_schedules_new_cluster", scheduler.createRequested.get());
        m.put("workset_retries", retried.get());
        m.put("workset_failures", failed.get());
        return m;
    }

    @Override
    public List<InstanceStatus> instances() {
        Map<String, Long> counters = counters();
        boolean reachable = true;
        try {
            stats().queueDepth().forEach((state, n) -> counters.put("worksets_" + state, n)); // the queue depth per state
        } catch (RuntimeException e) {
            reachable = false; // the database is down: the counters still show
        }
        return List.of(new InstanceStatus("service", "worksets", "org.daqhub.worksets", reachable ? "RUNNING" : "DEGRADED", transitions.get(), 0, 0, 0, 0, leases.refused.get(), 0, 0, lastError, 0, 0, 0, counters));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }
}
