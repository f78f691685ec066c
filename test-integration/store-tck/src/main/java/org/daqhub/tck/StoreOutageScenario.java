package org.daqhub.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.LocalFrameBus;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.daqhub.core.supervisor.StoreSupervisor;
import org.daqhub.driver.simulator.SimulatorDriver;

/**
 * The fault test every database store runs (issue: "stop the real server for 30 s while the simulator runs
 * at rate, start it again, and check that every sequence number arrived exactly once"): the simulator at
 * 200 frames/s of 10 rows into the store through the real bus and store runner, the server stopped for the
 * outage, started again, then the store's own read-back must show frames 0..n-1, each exactly once.
 */
public final class StoreOutageScenario {
    /** The real server under test. */
    public interface Server {
        void stop() throws Exception;

        void start() throws Exception;
    }

    /** What the backend holds for topic {@code data.sim.adc}: distinct sequence numbers, min, max, row count. */
    public interface ReadBack {
        long[] distinctMinMaxRows() throws Exception;
    }

    private StoreOutageScenario() {
    }

    /**
     * @param store    the store, already activated with {@code storeCfg}
     * @param storeCfg its configuration (must subscribe to {@code data.sim.*})
     */
    public static void run(Store store, Map<String, Object> storeCfg, Server server, ReadBack readBack, Path tmp, long outageMillis)
            throws Exception {
        LocalFrameBus bus = new LocalFrameBus("n1");
        StoreSupervisor stores = new StoreSupervisor(bus);
        DriverSupervisor drivers = new DriverSupervisor(bus);
        stores.activate(Map.of("spool.dir", tmp.resolve("spool").toString(), "backoff.initial.ms", "200", "backoff.max.ms", "2000"));
        drivers.activate(Map.of());
        stores.addStore(store, storeCfg);
        SimulatorDriver sim = new SimulatorDriver();
        Map<String, Object> simCfg = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.simulator~sim", "rate", "200", "rows", "10",
                "columns", "a,b"));
        sim.activate(simCfg);
        drivers.addDriver(sim, simCfg);
        try {
            Thread.sleep(3000);
            server.stop(); // the server goes away while frames keep coming
            Thread.sleep(outageMillis);
            InstanceStatus during = stores.instances().get(0);
            assertTrue(during.spooled() > outageMillis / 10, "frames spooled during the outage: " + during);
            assertEquals("SPOOLING", during.state());
            server.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (stores.instances().get(0).spooled() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(0, stores.instances().get(0).spooled(), "spool replayed after the server came back");
            drivers.removeDriver(sim, simCfg);
            Thread.sleep(500);
            stores.removeStore(store, storeCfg); // writes what is still queued

            long[] r = readBack.distinctMinMaxRows();
            assertEquals(0, r[1], "from the first frame on");
            assertEquals(r[2] + 1, r[0], "no sequence number missing");
            assertEquals(r[0] * 10, r[3], "every frame exactly once (10 rows each)");
            assertTrue(r[0] > (outageMillis + 3000) / 1000 * 150, "frames written: " + r[0]);
        } finally {
            drivers.deactivate();
            stores.deactivate();
        }
    }
}
