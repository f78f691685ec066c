package org.daqhub.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.core.bus.LocalFrameBus;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.daqhub.core.supervisor.StoreSupervisor;
import org.daqhub.driver.simulator.SimulatorDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The fault test: the simulator runs at rate into the PostgreSQL store; the real server is stopped
 * for 30 s and started again; every sequence number must be in the table exactly once.
 */
class PostgresOutageTest {
    @TempDir
    Path tmp;

    private static EmbeddedPostgres start(int port, File dataDir) throws Exception {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDir).setCleanDataDirectory(false).start();
    }

    @Test
    void thirtySecondOutageLosesAndDuplicatesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File dataDir = tmp.resolve("pgdata").toFile();
        EmbeddedPostgres pg = start(port, dataDir);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";

        LocalFrameBus bus = new LocalFrameBus("n1");
        StoreSupervisor stores = new StoreSupervisor(bus);
        DriverSupervisor drivers = new DriverSupervisor(bus);
        stores.activate(Map.of("spool.dir", tmp.resolve("spool").toString(), "backoff.initial.ms", "200", "backoff.max.ms", "2000"));
        drivers.activate(Map.of());
        PostgresStore store = new PostgresStore();
        Map<String, Object> storeCfg = new HashMap<>(Map.of("service.pid", "org.daqhub.store.postgres~db", "topics", "data.sim.*",
                "url", url, "connect.timeout.s", "2", "batch.linger.ms", "20"));
        store.activate(storeCfg);
        stores.addStore(store, storeCfg);
        SimulatorDriver sim = new SimulatorDriver();
        Map<String, Object> simCfg = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.simulator~sim", "rate", "200", "rows", "10",
                "columns", "a,b"));
        sim.activate(simCfg);
        drivers.addDriver(sim, simCfg);

        Thread.sleep(3000);
        pg.close(); // the server goes away while frames keep coming
        Thread.sleep(30_000);
        InstanceStatus during = status(stores);
        assertTrue(during.spooled() > 3000, "frames spooled during the outage: " + during);
        assertEquals("SPOOLING", during.state());
        pg = start(port, dataDir);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (status(stores).spooled() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(0, status(stores).spooled(), "spool replayed after the server came back");
            drivers.removeDriver(sim, simCfg);
            Thread.sleep(500);
            stores.removeStore(store, storeCfg); // writes what is still queued

            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT count(DISTINCT seq), min(seq), max(seq), count(*) FROM data_sim_adc")) {
                rs.next();
                long distinct = rs.getLong(1);
                long min = rs.getLong(2);
                long max = rs.getLong(3);
                long rows = rs.getLong(4);
                assertEquals(0, min, "from the first frame on");
                assertEquals(max + 1, distinct, "no sequence number missing");
                assertEquals(distinct * 10, rows, "every frame exactly once (10 rows each)");
                assertTrue(distinct > 6000, "frames written: " + distinct);
            }
        } finally {
            drivers.deactivate();
            stores.deactivate();
            pg.close();
        }
    }

    private static InstanceStatus status(StoreSupervisor s) {
        return s.instances().get(0);
    }
}
