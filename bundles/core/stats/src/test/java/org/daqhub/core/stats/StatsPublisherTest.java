package org.daqhub.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.core.bus.LocalFrameBus;
import org.junit.jupiter.api.Test;

/** Snapshots onto the real in-JVM bus, read back as a store would get them. */
class StatsPublisherTest {
    /** A part whose counters the test moves. */
    static final class Part implements RuntimeStatus {
        volatile long frames;
        volatile long restarts;
        volatile String state = "RUNNING";

        @Override
        public List<InstanceStatus> instances() {
            return List.of(new InstanceStatus("driver", "det1", "org.daqhub.driver.simulator", state, frames, frames * 100,
                    10, 1000, restarts, 0, 0, 3, "", 0.1, 0.5, 0.9), new InstanceStatus("store", "csv1",
                    "org.daqhub.store.csv", "RUNNING", frames, frames * 100, 10, 1000, 0, 2, 7, 1, "", 1, 2, 3),
                    new InstanceStatus("bus", "tcp-in", "zmq", "RUNNING", 40, 4_000_000, 0, 0, 0, 0, 0, 0, "", 0, 0, 0));
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    }

    private static Map<String, Object> row(Table t, int r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (var c : t.columns()) {
            Object v = c.array();
            m.put(c.name(), v instanceof String[] s ? s[r] : v instanceof long[] l ? (Object) l[r] : v instanceof int[] i
                    ? (Object) i[r] : v instanceof double[] d ? (Object) d[r] : null);
        }
        return m;
    }

    @Test
    void everyInstanceIsARowOnStatsOfTheNodeAndTheLinksOnRemote() throws Exception {
        LocalFrameBus bus = new LocalFrameBus("node-a.lab");
        Subscription sub = bus.subscribe("stats-store", List.of("stats.*"), 100, OverflowPolicy.BLOCK);
        Part part = new Part();
        StatsPublisher p = new StatsPublisher(bus, Map.of("interval.s", "3600"));
        p.addPart(part);
        part.frames = 10;
        p.publish();
        part.frames = 25;
        part.restarts = 1;
        part.state = "BACKOFF";
        p.publish();
        List<Frame> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(sub.poll(5, TimeUnit.SECONDS));
        }
        p.deactivate();
        assertEquals("stats.node-a_lab", got.get(0).topic(), "the node id made a topic segment");
        assertEquals("stats.node-a_lab.remote", got.get(1).topic());
        assertEquals(got.get(0).sequence() + 1, got.get(2).sequence(), "contiguous per topic");
        Table second = got.get(2).table();
        assertEquals(3, second.rowCount());
        Map<String, Object> det1 = row(second, 1); // sorted by kind: bus, driver, store
        assertEquals("det1", det1.get("daq_job"));
        assertEquals("node-a.lab", det1.get("supervisor"));
        assertEquals(0, det1.get("is_alive"), "in backoff: not alive");
        assertEquals(25L, det1.get("out_count"));
        assertEquals(0L, det1.get("in_count"));
        assertEquals(1L, det1.get("restart_count"));
        assertTrue(!((String) det1.get("last_out_date")).isEmpty(), "its frames moved since the last snapshot");
        assertTrue(!((String) det1.get("last_restart_date")).isEmpty());
        Map<String, Object> csv = row(second, 2);
        assertEquals(25L, csv.get("in_count"), "a store takes frames in");
        assertEquals(7L, csv.get("spooled"));
        assertEquals(2L, csv.get("dropped"));
        assertEquals(3.0, csv.get("latency_p99_ms"));
        Map<String, Object> link = row(got.get(3).table(), 0);
        assertEquals("tcp-in", link.get("link"));
        assertEquals(40L, link.get("in_count"));
        assertEquals(4.0, (double) link.get("in_mb"), 1e-9);
    }
}
