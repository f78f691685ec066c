package org.daqhub.monitor.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.monitor.MonitoringEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.daqhub.testdb.TestDatabase;

/**
 * Against a real Zabbix server: Debian's zabbix-server-pgsql (6.0), its schema loaded into a PostgreSQL of the
 * test JVM, a host {@code daqhub-test} with trapper items made in its database as the frontend would, the
 * server run in the foreground. Values are read back from its history table. Skipped where the package is not
 * installed; .ci/run installs it and refuses the run if this test was skipped.
 */
class ZabbixIntegrationTest {
    private static final Path SERVER = Path.of("/usr/sbin/zabbix_server");
    private static final Path SCHEMA = Path.of("/usr/share/zabbix-server-pgsql/schema.sql.gz");
    private static final Map<String, Long> ITEMS = new LinkedHashMap<>();

    @TempDir
    static Path dir;
    static TestDatabase db;
    static DataSource zabbixDb;
    static Process zabbix;
    static int trapperPort;

    @BeforeAll
    static void startZabbix() throws Exception {
        assumeTrue(Files.isExecutable(SERVER) && Files.exists(SCHEMA), "Debian's zabbix-server-pgsql is not installed");
        db = TestDatabase.fresh();
        zabbixDb = db.dataSource();
        try (Connection c = zabbixDb.getConnection(); Statement st = c.createStatement()) {
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(SCHEMA))) {
                st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            // the rows of data.sql.gz the server needs to start, then what the frontend makes for a host with trapper items
            st.execute("INSERT INTO hstgrp (groupid, name, internal) VALUES (5, 'Discovered hosts', 1)");
            st.execute("INSERT INTO config (configid, discovery_groupid) VALUES (1, 5)");
            st.execute("INSERT INTO role (roleid, name, type, readonly) VALUES (3, 'Super admin role', 3, 1)");
            st.execute("INSERT INTO users (userid, username, roleid) VALUES (1, 'Admin', 3)");
            st.execute("INSERT INTO hosts (hostid, host, name, status) VALUES (10900, 'daqhub-test', 'daqhub-test', 0)");
            ITEMS.put("daqhub.job.started", 20901L);
            ITEMS.put("daqhub.job.finished", 20902L);
            ITEMS.put("daqhub.subjob.finished", 20903L);
            for (Map.Entry<String, Long> i : ITEMS.entrySet()) {
                st.execute("INSERT INTO items (itemid, type, hostid, name, key_, delay, history, trends, status, value_type) "
                        + "VALUES (" + i.getValue() + ", 2, 10900, '" + i.getKey() + "', '" + i.getKey()
                        + "', '0', '1d', '0', 0, 0)");
                st.execute("INSERT INTO item_rtdata (itemid) VALUES (" + i.getValue() + ")");
            }
        }
        trapperPort = freePortBelow32768();
        Path conf = dir.resolve("zabbix_server.conf");
        Files.writeString(conf, String.join("\n", "LogFile=" + dir.resolve("zabbix_server.log"), "LogType=file",
                "PidFile=" + dir.resolve("zabbix_server.pid"), "SocketDir=" + dir, "DBHost=127.0.0.1",
                "DBPort=" + db.port(), "DBName=" + db.name(), "DBUser=postgres", "ListenIP=127.0.0.1",
                "ListenPort=" + trapperPort, "AllowRoot=1", "AllowUnsupportedDBVersions=1", "StartPollers=1",
                "StartPollersUnreachable=1", "StartPingers=0", "StartDiscoverers=0", "StartHTTPPollers=0",
                "StartTrappers=2", "StartPreprocessors=1", "StartDBSyncers=1", "StartLLDProcessors=1",
                "StartAlerters=1", "StartEscalators=1", "StartTimers=1", "StartHistoryPollers=1",
                "CacheUpdateFrequency=10", "Timeout=4", ""));
        zabbix = new ProcessBuilder(SERVER.toString(), "-f", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("zabbix_server.out").toFile()).start();
        long until = System.currentTimeMillis() + 60_000;
        while (!listening(trapperPort)) {
            if (!zabbix.isAlive() || System.currentTimeMillis() > until) {
                throw new AssertionError("zabbix_server did not start: " + log());
            }
            Thread.sleep(200);
        }
    }

    /** Zabbix takes a ListenPort of 1024..32767 only; the kernel's ephemeral ports are above that. */
    private static int freePortBelow32768() throws IOException {
        java.util.Random r = new java.util.Random();
        for (int i = 0; i < 100; i++) {
            int port = 20000 + r.nextInt(12000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // next one
            }
        }
        throw new IOException("no free port in 20000..31999");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log() throws IOException {
        Path log = dir.resolve("zabbix_server.log");
        return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("zabbix_server.out"));
    }

    @AfterAll
    static void stopZabbix() throws Exception {
        if (zabbix != null) {
            zabbix.descendants().forEach(ProcessHandle::destroy);
            zabbix.destroy();
            if (!zabbix.waitFor(20, TimeUnit.SECONDS)) {
                zabbix.descendants().forEach(ProcessHandle::destroyForcibly);
                zabbix.destroyForcibly();
            }
        }
    }

    static ZabbixIntegration integration(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.monitor.zabbix");
        m.put("port", trapperPort);
        m.put("host", "daqhub-test");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        ZabbixIntegration z = new ZabbixIntegration();
        z.activate(m);
        return z;
    }

    /**
     * Values of an item in the server's history with a clock in [from, from + 10 s), as "clock=value", waiting
     * until there are {@code n}.
     */
    static List<String> history(String key, Instant from, int n) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        List<String> out = List.of();
        while (System.currentTimeMillis() < until) {
            try (Connection c = zabbixDb.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT clock, value FROM history WHERE itemid = " + ITEMS.get(key)
                            + " AND clock >= " + from.getEpochSecond() + " AND clock < " + (from.getEpochSecond() + 10) + " ORDER BY clock, ns")) {
                List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "=" + rs.getDouble(2));
                }
                out = rows;
            }
            if (out.size() >= n) {
                return out;
            }
            Thread.sleep(250); // the server's history syncer writes once a second
        }
        return out;
    }

    @Test
    void eventsBecomeValuesOfTheirTrapperItems() throws Exception {
        Instant t = Instant.now().minusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ZabbixIntegration z = integration();
        z.export(List.of(new MonitoringEvent("started", "job", "j1", "running", t, Map.of("app", "reco")),
                new MonitoringEvent("finished", "job", "j1", "succeeded", t.plusSeconds(5), Map.of("duration_s", 4.5)),
                new MonitoringEvent("finished", "subjob", "j1-1", "succeeded", t.plusSeconds(4), Map.of("duration_s", 2))));
        assertEquals(List.of(t.getEpochSecond() + "=1.0"), history("daqhub.job.started", t, 1));
        assertEquals(List.of(t.plusSeconds(5).getEpochSecond() + "=4.5"), history("daqhub.job.finished", t, 1));
        assertEquals(List.of(t.plusSeconds(4).getEpochSecond() + "=2.0"), history("daqhub.subjob.finished", t, 1));
        assertEquals(3, z.processed.get());
        assertEquals(0, z.failed.get());
    }

    @Test
    void valuesWithoutAnItemAreCountedAndDoNotFailTheBatch() throws Exception {
        Instant t = Instant.now().minusSeconds(200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ZabbixIntegration z = integration("batch.size", 2);
        z.export(List.of(new MonitoringEvent("end_run", "run", "9100", "", t, Map.of()),
                new MonitoringEvent("started", "job", "j2", "running", t.plusSeconds(1), Map.of()),
                new MonitoringEvent("started", "job", "j3", "running", t.plusSeconds(2), Map.of())));
        assertEquals(1, z.failed.get());
        assertEquals(2, z.processed.get());
        assertEquals(List.of(t.plusSeconds(1).getEpochSecond() + "=1.0", t.plusSeconds(2).getEpochSecond() + "=1.0"),
                history("daqhub.job.started", t, 2));
    }

    @Test
    void anUnreachableServerFailsTheBatchAndBadSettingsNameTheField() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ZabbixIntegration down = integration("port", closed, "timeout.s", 2);
        assertThrows(IOException.class, () -> down.export(List.of(new MonitoringEvent("started", "job", "j4", "running",
                Instant.now(), Map.of()))));
        assertEquals("key.prefix", assertThrows(InvalidConfigException.class,
                () -> integration("key.prefix", "daq hub")).key());
        assertEquals("port", assertThrows(InvalidConfigException.class, () -> integration("port", 70000)).key());
    }
}
