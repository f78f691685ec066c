package org.daqhub.it;

import static org.daqhub.it.DaqhubDistribution.waitFor;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

/**
 * Issue 10 as a facility would see it: the simulator at 2,000 frames/s into the PostgreSQL store, daqhub as a
 * process, restarted with bin/stop twice and then killed with kill -9. Counted in the real table: across the
 * graceful restarts every sequence number from 0 is there exactly once (the driver waited for the store at each
 * start, stopped before it at each stop, and its numbers went on); after the kill no number is there twice, and
 * every number missing lies in a gap the store reported in the log, with a counter in daqhub:status.
 */
public class RestartDistributionIT {
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(28381, 28301, 26816, 25632);
    private static final Pattern GAP = Pattern.compile(
            "sequence gap from source 'det1' on data\\.det1\\.adc: frames (\\d+)\\.\\.(\\d+)");
    private DaqhubDistribution dist;
    private String url;

    @Test
    public void everyFrameOnceAcrossGracefulRestartsAndAKill() throws Exception {
        url = TestPostgres.url();
        dist = DaqhubDistribution.copy(Paths.get("target/restart-dist"), PORTS, PORTS.broker(), true);
        Path home = dist.home();
        Files.delete(home.resolve("etc/org.daqhub.driver.simulator-demo.cfg"));
        Files.delete(home.resolve("etc/org.daqhub.store.csv-demo.cfg"));
        Path features = home.resolve("etc/org.apache.karaf.features.cfg");
        String boot = Files.readString(features);
        Files.writeString(features, boot.replaceFirst("daqhub-store-csv/([^,\\s]+)", "daqhub-store-csv/$1, daqhub-store-postgres/$1"));
        Files.write(home.resolve("etc/org.daqhub.driver.simulator-det1.cfg"),
                List.of("rate = 2000", "mode = tabular", "rows = 1", "columns = v", "stream = adc"));
        Files.write(home.resolve("etc/org.daqhub.store.postgres-db.cfg"),
                List.of("topics = data.det1.*", "url = " + url, "user = postgres", "batch.size = 500"));

        long rows = 0;
        for (int run = 1; run <= 3; run++) {
            dist.start();
            long before = rows;
            waitFor(() -> count() > before + 4000, 240, "4,000 more rows in run " + run);
            if (run < 3) {
                dist.stop();
                rows = count();
                assertEquals("after graceful restart " + run + ": numbers 0.." + (rows - 1) + " each once",
                        List.of(rows, rows, 0L, rows - 1), stats());
            }
        }
        assertFalse("no gap before the kill: " + gapsInLog(), GAP.matcher(log()).find());

        dist.kill();
        long afterKill = count();
        dist.start();
        waitFor(() -> count() > afterKill + 4000, 240, "4,000 more rows after the kill");
        String status = dist.client("daqhub:status");
        dist.stop();

        List<Long> s = stats();
        assertEquals("no number twice after the kill", s.get(0), s.get(1));
        List<long[]> reported = gapsInLog();
        assertFalse("the store reported the gap the kill made", reported.isEmpty());
        for (long[] missing : gapsInTable()) {
            assertTrue("missing " + missing[0] + ".." + missing[1] + " lies in a reported gap " + describe(reported),
                    reported.stream().anyMatch(r -> r[0] <= missing[0] && missing[1] <= r[1]));
        }
        assertTrue("the gap is counted in daqhub:status:\n" + status, status.matches("(?s).*\\bdb\\b.*gaps=[1-9].*"));
    }

    private long count() throws Exception {
        return stats().get(0);
    }

    /** count, distinct numbers, min, max of the rows of data.det1.adc. */
    private List<Long> stats() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT seq), coalesce(min(seq), 0), coalesce(max(seq), 0) "
                        + "FROM data_det1_adc")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** Runs of numbers missing between the lowest and the highest in the table. */
    private List<long[]> gapsInTable() throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq + 1, next - 1 FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS next "
                        + "FROM data_det1_adc) t WHERE next > seq + 1")) {
            while (rs.next()) {
                out.add(new long[] { rs.getLong(1), rs.getLong(2) });
            }
        }
        return out;
    }

    private String log() throws Exception {
        return Files.readString(dist.home().resolve("data/log/karaf.log"));
    }

    private List<long[]> gapsInLog() throws Exception {
        List<long[]> out = new ArrayList<>();
        Matcher m = GAP.matcher(log());
        while (m.find()) {
            out.add(new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) });
        }
        return out;
    }

    private static String describe(List<long[]> ranges) {
        StringBuilder b = new StringBuilder();
        ranges.forEach(r -> b.append(r[0]).append("..").append(r[1]).append(' '));
        return b.toString();
    }

    @After
    public void tearDown() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }
}
