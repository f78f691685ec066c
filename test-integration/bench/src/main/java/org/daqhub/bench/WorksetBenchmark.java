package org.daqhub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.daqhub.core.persistence.PostgresDatabase;
import org.daqhub.worksets.Priority;
import org.daqhub.worksets.WorksetState;
import org.daqhub.worksets.Worksets;
import org.daqhub.worksets.WorksetViews;
import org.postgresql.PGConnection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Worksets (-Dbench=worksets): daqhub's queue (the Worksets service over a HikariCP pool, as in Karaf) against
 * raw JDBC sending the same claim statement and one fenced UPDATE per state change, on one embedded PostgreSQL 16,
 * 8 workers each. Also the wake-up latency from a registration to a waiting claim (LISTEN/NOTIFY), and the time a
 * dead holder's workset takes to be claimed again.
 */
final class WorksetBenchmark {
    private static final int WORKERS = 8;
    private static final int REPS = 3;

    private WorksetBenchmark() {
    }

    interface Worker {
        /** Claims one workset (and, with {@code complete}, starts and completes it); false when the queue is empty. */
        boolean next(String owner, boolean complete) throws Exception;
    }

    static void run() throws Exception {
        try (EmbeddedPostgres pg = Comparison.postgres()) {
            HikariConfig cfg = new HikariConfig();
            cfg.setDataSource(pg.getPostgresDatabase());
            cfg.setMaximumPoolSize(WORKERS + 2);
            try (HikariDataSource ds = new HikariDataSource(cfg)) {
                Worksets daqhub = new Worksets(PostgresDatabase.over(ds), Map.of("sweep.interval.ms", "1000"));
                Worker viaDaqhub = (owner, complete) -> {
                    Optional<WorksetViews.Lease> l = daqhub.leases().claim(owner, owner);
                    if (l.isEmpty()) {
                        return false;
                    }
                    if (complete) {
                        String id = l.get().worksetId();
                        long token = l.get().fencingToken();
                        daqhub.change(id, new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, owner, token), owner);
                        daqhub.change(id, new Worksets.Change(WorksetState.COMPLETE, "done", null, null, null, owner, token), owner);
                    }
                    return true;
                };
                Worker raw = (owner, complete) -> rawNext(ds, owner, complete);
                System.out.println();
                System.out.println("## Worksets: daqhub's queue vs raw JDBC with the same statements, " + WORKERS
                        + " workers, one embedded PostgreSQL 16");
                System.out.println("| case | worksets | raw JDBC /s | daqhub /s | ratio |");
                System.out.println("|---|---:|---:|---:|---:|");
                for (boolean complete : new boolean[] { false, true }) {
                    int n = complete ? 10_000 : 20_000;
                    measure(ds, raw, n / 4, complete); // warm-up
                    measure(ds, viaDaqhub, n / 4, complete);
                    double[] r = new double[REPS];
                    double[] d = new double[REPS];
                    for (int i = 0; i < REPS; i++) {
                        r[i] = measure(ds, raw, n, complete);
                        d[i] = measure(ds, viaDaqhub, n, complete);
                    }
                    double rm = Comparison.median(r);
                    double dm = Comparison.median(d);
                    System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.2f |%n",
                            complete ? "claim + start + complete" : "claim", n, rm, dm, dm / rm);
                }
                wakeups(ds, daqhub);
                takeover(ds, daqhub);
                daqhub.deactivate();
            }
        }
    }

    /** The claim statement of Leases, and each state change as one UPDATE fenced by the token, with its history row. */
    private static final String CLAIM = "WITH next AS (SELECT workset_id FROM workset WHERE state = 'ready' "
            + "ORDER BY priority_rank, estimated_cost NULLS LAST, created_at LIMIT 1 FOR UPDATE SKIP LOCKED), "
            + "u AS (UPDATE workset w SET state = 'locked', lock_owner = ?, lock_acquired_at = now(), "
            + "lock_expires_at = now() + make_interval(secs => 10), fencing_token = w.fencing_token + 1, updated_at = now() "
            + "FROM next WHERE w.workset_id = next.workset_id RETURNING w.*), "
            + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
            + "SELECT workset_id, 'locked', 'claimed', ?, fencing_token FROM u) SELECT workset_id, fencing_token FROM u";
    private static final String MOVE = "WITH u AS (UPDATE workset SET state = ?, updated_at = now() WHERE workset_id = ? "
            + "AND lock_owner = ? AND fencing_token = ? RETURNING workset_id, state, fencing_token), "
            + "h AS (INSERT INTO workset_history (workset_id, state, reason, actor, fencing_token) "
            + "SELECT workset_id, state, '', ?, fencing_token FROM u) SELECT count(*) FROM u";

    private static boolean rawNext(DataSource ds, String owner, boolean complete) throws Exception {
        try (Connection c = ds.getConnection()) {
            String id;
            long token;
            try (PreparedStatement st = c.prepareStatement(CLAIM)) {
                st.setString(1, owner);
                st.setString(2, owner);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    id = rs.getString(1);
                    token = rs.getLong(2);
                }
            }
            if (complete) {
                for (String state : new String[] { "in_progress", "complete" }) {
                    try (PreparedStatement st = c.prepareStatement(MOVE)) {
                        st.setString(1, state);
                        st.setString(2, id);
                        st.setString(3, owner);
                        st.setLong(4, token);
                        st.setString(5, owner);
                        try (ResultSet rs = st.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) != 1) {
                                throw new IllegalStateException("raw move of " + id + " refused");
                            }
                        }
                    }
                }
            }
            return true;
        }
    }

    /** n ready worksets (not timed), then WORKERS threads take them all; worksets/s. */
    private static double measure(DataSource ds, Worker worker, int n, boolean complete) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE workset CASCADE");
            st.execute("INSERT INTO workset (workset_id, state, priority, priority_rank, metadata, estimated_cost, max_retries) "
                    + "SELECT 'b-' || i, 'ready', 'normal', i % 3, '{}', i % 100, 3 FROM generate_series(1, " + n + ") i");
            st.execute("ANALYZE workset");
        }
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        long t0 = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String owner = "w" + w;
            done.add(pool.submit(() -> {
                int k = 0;
                while (worker.next(owner, complete)) {
                    k++;
                }
                return k;
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (total != n) {
            throw new IllegalStateException(total + " of " + n + " worksets taken");
        }
        return n / s;
    }

    /** From a registration's return to a waiting claimer's return: daqhub's wait, and a raw LISTEN loop. */
    private static void wakeups(HikariDataSource ds, Worksets daqhub) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE workset CASCADE");
        }
        int samples = 300;
        double[] d = new double[samples];
        double[] r = new double[samples];
        ExecutorService pool = Executors.newSingleThreadExecutor();
        for (int i = 0; i < samples; i++) {
            Future<Long> waiting = pool.submit(() -> {
                daqhub.leases().claim("sleeper", "bench", 30_000).orElseThrow();
                return System.nanoTime();
            });
            Thread.sleep(5); // the claimer is waiting before the workset comes
            long t0 = System.nanoTime();
            daqhub.register("wake-" + i, null, null, Priority.NORMAL, null, null, null, "bench");
            d[i] = (waiting.get() - t0) / 1e6;
        }
        try (Connection listen = ds.getConnection(); Statement ls = listen.createStatement()) {
            ls.execute("LISTEN daqhub_worksets_ready");
            PGConnection pgc = listen.unwrap(PGConnection.class);
            for (int i = 0; i < samples; i++) {
                Future<Long> waiting = pool.submit(() -> {
                    while (true) {
                        var n = pgc.getNotifications(30_000);
                        if (n != null && n.length > 0 && rawNext(ds, "raw-sleeper", false)) {
                            return System.nanoTime();
                        }
                    }
                });
                Thread.sleep(5);
                long t0 = System.nanoTime();
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO workset (workset_id, state, priority, priority_rank, metadata, max_retries) "
                            + "VALUES ('rawwake-" + i + "', 'ready', 'normal', 1, '{}', 3)");
                }
                r[i] = (waiting.get() - t0) / 1e6;
            }
        }
        pool.shutdown();
        Arrays.sort(d);
        Arrays.sort(r);
        System.out.println();
        System.out.println("| wake-up, registration → waiting claim returns | samples | raw LISTEN + claim p50 / p99 ms | daqhub p50 / p99 ms |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| one waiting claimer | %d | %.2f / %.2f | %.2f / %.2f |%n", samples, r[samples / 2],
                r[(int) (samples * 0.99)], d[samples / 2], d[(int) (samples * 0.99)]);
    }

    /**
     * A holder that stops heartbeating (to the database a killed process is the same: nothing arrives) and a
     * waiting claimer on another thread: from the last heartbeat to the claim, with lease 10 s and sweeps every 1 s.
     */
    private static void takeover(HikariDataSource ds, Worksets daqhub) throws Exception {
        daqhub.register("dead-holder", null, null, Priority.URGENT, null, null, null, "bench");
        WorksetViews.Lease l = daqhub.leases().lock("dead-holder", "doomed", false, "bench");
        long lastBeat = System.nanoTime();
        daqhub.leases().heartbeat("dead-holder", "doomed", l.fencingToken());
        WorksetViews.Lease again;
        do {
            again = daqhub.leases().claim("survivor", "bench", 30_000).orElseThrow();
        } while (!again.worksetId().equals("dead-holder"));
        System.out.printf(Locale.ROOT, "%nTakeover of a silent holder's workset (lease 10 s, heartbeat 5 s, sweep 1 s): "
                + "%.1f s after its last heartbeat (bound: 3 heartbeats = 15 s)%n", (System.nanoTime() - lastBeat) / 1e9);
    }
}
