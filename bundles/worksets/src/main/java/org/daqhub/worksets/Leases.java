package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.daqhub.api.http.ApiException;

/**
 * Lease locks on worksets, each one conditional SQL statement on the database's clock: acquire (a ready workset,
 * or one whose lease expired, or any with {@code force}), renew (heartbeat), release, and claim the queue's next
 * workset with {@code FOR UPDATE SKIP LOCKED}, so many workers claim at once and never the same one. Every
 * acquisition raises the workset's fencing token; renewals and the holder's writes must carry the current one.
 */
public final class Leases {
    private final DataSource db;
    private final int leaseSeconds;
    private final int maxActive;
    private final QueueWakeups wakeups;
    /** Whether this node's own heartbeat (the sweep's round trip to the database) works: if not, it claims nothing. */
    private volatile boolean nodeAlive = true;
    final AtomicLong acquired = new AtomicLong();
    final AtomicLong takenOver = new AtomicLong();
    final AtomicLong forced = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    /** Claims that found the concurrency cap reached. */
    final AtomicLong capped = new AtomicLong();

    Leases(DataSource db, int leaseSeconds, int maxActive, QueueWakeups wakeups) {
        this.db = db;
        this.leaseSeconds = leaseSeconds;
        this.maxActive = maxActive;
        this.wakeups = wakeups;
    }

    void nodeAlive(boolean alive) {
        nodeAlive = alive;
    }

    int leaseSeconds() {
        return leaseSeconds;
    }

    /*
     * One statement: the row as it was (locked FOR UPDATE, so concurrent lockers queue up and see the winner's row),
     * the update if the lease is free, expired or forced, and the history entry. Every acquisition raises the
     * token; a holder renews with the heartbeat only (a second lock by the same owner_id would be a second holder
     * that fencing cannot tell apart).
     */
    private static final String LOCK = "WITH old AS (SELECT workset_id, state, lock_owner, fencing_token, "
            + "COALESCE(lock_expires_at > now(), false) AS held FROM workset WHERE workset_id = ? FOR UPDATE), "
            + "u AS (UPDATE workset w SET state = 'locked', lock_owner = ?, lock_acquired_at = now(), "
            + "lock_expires_at = now() + make_interval(secs => ?), fencing_token = w.fencing_token + 1, retry_after = NULL, "
            + "updated_at = now() FROM old WHERE w.workset_id = old.workset_id AND (old.state = 'ready' OR "
            + "(old.state IN ('locked', 'in_progress') AND (NOT old.held OR ?))) "
            + "RETURNING w.*), "
            + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
            + "SELECT u.workset_id, u.state, CASE WHEN old.state = 'ready' THEN 'locked by ' || u.lock_owner "
            + "WHEN NOT old.held THEN 'lease of ' || old.lock_owner || ' had expired; taken over by ' || u.lock_owner "
            + "ELSE 'forced: taken from ' || old.lock_owner || ' by ' || u.lock_owner END, ?, u.fencing_token "
            + "FROM u, old) "
            + "SELECT old.state AS old_state, old.lock_owner AS old_owner, old.held AS old_held, "
            + "old.fencing_token AS old_token, u.* FROM old LEFT JOIN u ON true";

    /** Acquires the lease; 404, 409 naming the holder (also when it is the caller: renew with the heartbeat). */
    public WorksetViews.Lease lock(String id, String owner, boolean force, String actor) {
        checkOwner(owner);
        try (Connection c = db.getConnection()) {
            try {
                WorksetViews.Lease l = lockIn(c, id, owner, force, actor);
                if (!c.getAutoCommit()) {
                    c.commit(); // ends the cap's advisory lock
                }
                return l;
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("locking workset " + id + " failed: " + e.getMessage(), e);
        }
    }

    private WorksetViews.Lease lockIn(Connection c, String id, String owner, boolean force, String actor) throws SQLException {
        if (!capAllows(c)) { // a lock takes a slot like a claim
            throw ApiException.conflict("state", "max.active worksets are locked or in progress; wait for one to end");
        }
        try (PreparedStatement st = c.prepareStatement(LOCK)) {
            st.setString(1, id);
            st.setString(2, owner);
            st.setInt(3, leaseSeconds);
            st.setBoolean(4, force);
            st.setString(5, actor);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("workset " + id);
                }
                String oldState = rs.getString("old_state");
                String oldOwner = rs.getString("old_owner");
                boolean oldHeld = rs.getBoolean("old_held");
                if (rs.getString("workset_id") == null) {
                    refused.incrementAndGet();
                    if (oldHeld && oldOwner != null && WorksetState.LEASED.contains(WorksetState.of("state", oldState))) {
                        throw ApiException.conflict("owner_id", "workset " + id + " is " + oldState + ", held by "
                                + oldOwner + (oldOwner.equals(owner) ? " (you) under fencing token "
                                        + rs.getLong("old_token") + ": renew it with the heartbeat"
                                        : " (its lease is fresh; force=true takes it over, audited)"));
                    }
                    throw ApiException.conflict("state", "workset " + id + " is " + oldState
                            + "; only a ready workset, or one whose lease expired, can be locked");
                }
                acquired.incrementAndGet();
                if (!"ready".equals(oldState)) {
                    (oldHeld ? forced : takenOver).incrementAndGet();
                }
                return WorksetRows.lease(rs, "ready".equals(oldState) ? null : oldOwner);
            }
        }
    }

    /**
     * With a cap, takes the claim lock (held to the end of the caller's transaction, which this opens) and then
     * counts, in a statement of its own so the count sees every claim committed before the lock was granted.
     */
    private boolean capAllows(Connection c) throws SQLException {
        if (maxActive <= 0) {
            return true;
        }
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('daqhub_worksets_claim'))")) {
            lock.execute();
        }
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM workset WHERE state IN ('locked', "
                + "'in_progress') AND lock_expires_at > now()"); ResultSet rs = count.executeQuery()) {
            rs.next();
            if (rs.getLong(1) >= maxActive) {
                capped.incrementAndGet();
                return false;
            }
            return true;
        }
    }

    /** Renews the holder's lease; 409 when the token is stale or the lease is gone. */
    public WorksetViews.Lease heartbeat(String id, String owner, long token) {
        checkOwner(owner);
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("UPDATE workset SET "
                + "lock_expires_at = now() + make_interval(secs => ?), updated_at = now() WHERE workset_id = ? AND "
                + "lock_owner = ? AND fencing_token = ? RETURNING *")) { // a lock_owner is set only while leased
            st.setInt(1, leaseSeconds);
            st.setString(2, id);
            st.setString(3, owner);
            st.setLong(4, token);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return WorksetRows.lease(rs, null);
                }
            }
            throw lost(c, id, owner, token);
        } catch (SQLException e) {
            throw new IllegalStateException("renewing the lease of workset " + id + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Gives the lease up; a locked or in-progress workset goes back to ready (the seed's release). Only the holder
     * may: 403 for anybody else, 409 for the holder's stale token.
     */
    public WorksetViews.Workset release(String id, String owner, Long token, String actor) {
        checkOwner(owner);
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("WITH u AS (UPDATE workset SET "
                + "state = CASE WHEN state IN ('locked', 'in_progress') THEN 'ready' ELSE state END, lock_owner = NULL, "
                + "lock_acquired_at = NULL, lock_expires_at = NULL, updated_at = now() WHERE workset_id = ? AND "
                + "lock_owner = ? AND (?::bigint IS NULL OR fencing_token = ?) RETURNING *), "
                + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
                + "SELECT workset_id, state, 'released by ' || ?, ?, fencing_token FROM u) SELECT * FROM u")) {
            st.setString(1, id);
            st.setString(2, owner);
            st.setObject(3, token, java.sql.Types.BIGINT);
            st.setObject(4, token, java.sql.Types.BIGINT);
            st.setString(5, owner);
            st.setString(6, actor);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return WorksetRows.read(c, rs, true);
                }
            }
            throw lost(c, id, owner, token);
        } catch (SQLException e) {
            throw new IllegalStateException("releasing workset " + id + " failed: " + e.getMessage(), e);
        }
    }

    /* The queue's next ready workset, rows another claimer holds skipped, locked in the same statement. */
    private static final String CLAIM = "WITH next AS (SELECT workset_id FROM workset WHERE state = 'ready' "
            + "ORDER BY priority_rank, estimated_cost NULLS LAST, created_at LIMIT 1 FOR UPDATE SKIP LOCKED), "
            + "u AS (UPDATE workset w SET state = 'locked', lock_owner = ?, lock_acquired_at = now(), "
            + "lock_expires_at = now() + make_interval(secs => ?), fencing_token = w.fencing_token + 1, updated_at = now() "
            + "FROM next WHERE w.workset_id = next.workset_id RETURNING w.*), "
            + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
            + "SELECT workset_id, 'locked', 'claimed from the queue by ' || lock_owner, ?, fencing_token FROM u) "
            + "SELECT * FROM u";

    /** Claims the queue's next workset for {@code owner}: urgent first, then cheapest, then oldest; empty when none is ready. */
    public Optional<WorksetViews.Lease> claim(String owner, String actor) {
        return claim(owner, actor, 0);
    }

    /**
     * As {@link #claim(String, String)}, but waits up to {@code waitMillis} for a workset to become ready: the
     * NOTIFY of the database wakes the wait, on whichever node the workset became ready.
     */
    public Optional<WorksetViews.Lease> claim(String owner, String actor, long waitMillis) {
        checkOwner(owner);
        long until = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            long seen = wakeups == null ? 0 : wakeups.generation();
            long cappedBefore = capped.get();
            Optional<WorksetViews.Lease> got = claimOnce(owner, actor);
            long left = (until - System.nanoTime()) / 1_000_000;
            if (got.isPresent() || left <= 0 || wakeups == null) {
                return got;
            }
            try {
                // held back by the cap: a freed slot sends no NOTIFY, so look again within a second
                wakeups.awaitAfter(seen, capped.get() > cappedBefore ? Math.min(left, 1000) : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (wakeups.closed()) {
                return Optional.empty(); // worksets stopped: no more claims from this instance
            }
        }
    }

    private Optional<WorksetViews.Lease> claimOnce(String owner, String actor) {
        if (!nodeAlive) {
            throw new NodeOffline();
        }
        try (Connection c = db.getConnection()) {
            if (!capAllows(c)) {
                c.commit();
                return Optional.empty();
            }
            try (PreparedStatement st = c.prepareStatement(CLAIM)) {
                st.setString(1, owner);
                st.setInt(2, leaseSeconds);
                st.setString(3, actor);
                try (ResultSet rs = st.executeQuery()) {
                    Optional<WorksetViews.Lease> got = rs.next() ? Optional.of(WorksetRows.lease(rs, null)) : Optional.empty();
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                    got.ifPresent(l -> acquired.incrementAndGet());
                    return got;
                }
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming a workset failed: " + e.getMessage(), e);
        }
    }

    /** Why a holder's call found no lease: 404, 403 (not the holder) or 409 (stale token, or no lease any more). */
    private ApiException lost(Connection c, String id, String owner, Long token) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT state, lock_owner, fencing_token FROM workset WHERE workset_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return ApiException.notFound("workset " + id);
                }
                refused.incrementAndGet();
                String holder = rs.getString("lock_owner");
                long current = rs.getLong("fencing_token");
                if (holder == null) {
                    return ApiException.conflict("owner_id", "workset " + id + " is " + rs.getString("state")
                            + " and has no lease (" + owner + "'s expired or was released)");
                }
                if (!holder.equals(owner)) {
                    if (token != null && token < current) { // the caller held it once: it lost the lease
                        return ApiException.conflict("fencing_token", "the lease of " + id + " was taken over by " + holder
                                + " (fencing token " + current + "; yours is " + token + ")");
                    }
                    return new ApiException(403, "owner_id", "workset " + id + " is held by " + holder + ", not " + owner);
                }
                return ApiException.conflict("fencing_token", "fencing token " + token + " is stale: the lease of " + id
                        + " is now " + current);
            }
        }
    }

    /** This node cannot reach the database for its own heartbeat: it hands out no work (503). */
    static final class NodeOffline extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NodeOffline() {
            super("this node lost its heartbeat to the database; it claims nothing until the database answers");
        }
    }

    static void checkOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw ApiException.invalid("owner_id", "is required: who holds the lease (e.g. the worker's host and pid)");
        }
        if (owner.length() > 255) {
            throw ApiException.invalid("owner_id", "is longer than 255 characters");
        }
    }
}
