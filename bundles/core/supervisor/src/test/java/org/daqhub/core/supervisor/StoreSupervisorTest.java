package org.daqhub.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.api.Frame;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.LocalFrameBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class StoreSupervisorTest {
    private final LocalFrameBus bus = new LocalFrameBus("n1");
    private final StoreSupervisor supervisor = new StoreSupervisor(bus);

    @TempDir
    Path spoolDir;

    @AfterEach
    void stop() {
        supervisor.deactivate();
    }

    private static Map<String, Object> cfg(String instance, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.test~" + instance);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Fails the first {@code failures} writes, records the rest. */
    static final class FlakyStore implements Store {
        final List<Long> written = new ArrayList<>();
        final AtomicInteger failuresLeft;
        int flushes;

        FlakyStore(int failures) {
            failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public synchronized void write(List<Frame> batch) throws Exception {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("backend down");
            }
            batch.forEach(f -> written.add(f.sequence()));
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized List<Long> written() {
            return new ArrayList<>(written);
        }
    }

    @Test
    void failedBatchesAreRetriedAndNothingIsLostOrDuplicated() throws Exception {
        FlakyStore store = new FlakyStore(3);
        supervisor.activate(Map.of("backoff.initial.ms", "20", "spool.dir", spoolDir.toString()));
        supervisor.addStore(store, cfg("s1", "topics", "data.a.*", "batch.size", "7", "queue.capacity", "16"));
        for (long i = 0; i < 500; i++) {
            bus.publish(Frame.ofRaw("data.a.x", "a", i, Frame.epochNanosNow(), 0, null, new byte[10]));
            bus.publish(Frame.ofRaw("data.b.x", "b", i, 0, 0, null, new byte[10])); // not subscribed
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (store.written().size() < 500 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<Long> got = store.written();
        assertEquals(500, got.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, got.get(i));
        }
        // the runner counts a batch once the store's write has returned: wait for the last one
        while (supervisor.instances().get(0).frames() < 500 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        var s = supervisor.instances().get(0);
        assertEquals(500, s.frames());
        assertEquals(3, s.restarts(), "failed writes are counted");
        assertEquals(0, s.dropped());
    }

    @Test
    void queuedFramesAreWrittenWhenTheStoreGoesAway() throws Exception {
        FlakyStore store = new FlakyStore(0);
        supervisor.activate(Map.of("spool.dir", spoolDir.toString()));
        Map<String, Object> c = cfg("s2", "topics", "data.*", "batch.linger.ms", "0");
        supervisor.addStore(store, c);
        for (long i = 0; i < 1000; i++) {
            bus.publish(Frame.ofRaw("data.a.x", "a", i, 0, 0, null, new byte[1]));
        }
        supervisor.removeStore(store, c);
        assertEquals(1000, store.written().size());
        assertTrue(store.flushes >= 1);
    }

    @Test
    void missingTopicsIsAClearError() {
        supervisor.activate(Map.of("spool.dir", spoolDir.toString()));
        supervisor.addStore(new FlakyStore(0), cfg("s3"));
        var s = supervisor.instances().get(0);
        assertEquals("INVALID", s.state());
        assertTrue(s.lastError().contains("instance 's3': topics=(missing) is required"), s.lastError());
    }

    @Test
    void aTopicPatternThatCanMatchNothingIsRefusedWithWhatWouldWork() {
        supervisor.activate(Map.of("spool.dir", spoolDir.toString()));
        supervisor.addStore(new FlakyStore(0), cfg("s5", "topics", "data.a.*, data.det1."));
        var s = supervisor.instances().get(0);
        assertEquals("INVALID", s.state());
        assertTrue(s.lastError().contains("topics='data.det1.' ends with a dot, so it matches no topic; data.det1.* matches "
                + "everything below data.det1"), s.lastError());
    }

    @Test
    void badOverflowValueNamesTheKey() {
        supervisor.activate(Map.of("spool.dir", spoolDir.toString()));
        supervisor.addStore(new FlakyStore(0), cfg("s4", "topics", "x", "overflow", "sometimes"));
        assertTrue(supervisor.instances().get(0).lastError().contains("overflow='sometimes'"));
    }

    /** Down until {@code up} is set; records what it was given. */
    static final class SwitchableStore implements Store {
        final List<Long> written = new ArrayList<>();
        volatile boolean up;

        @Override
        public synchronized void write(List<Frame> batch) throws Exception {
            if (!up) {
                throw new java.net.ConnectException("backend down");
            }
            batch.forEach(f -> written.add(f.sequence()));
        }

        synchronized List<Long> written() {
            return new ArrayList<>(written);
        }
    }

    @Test
    void whileTheBackendIsDownFramesGoToTheSpoolAndProducersAreNotBlocked() throws Exception {
        SwitchableStore store = new SwitchableStore();
        supervisor.activate(Map.of("backoff.initial.ms", "20", "backoff.max.ms", "100", "spool.dir", spoolDir.toString()));
        // a queue of 10: without the spool the producer would block after 10 frames
        supervisor.addStore(store, cfg("db", "topics", "data.*", "queue.capacity", "10", "batch.size", "5", "batch.linger.ms", "1"));
        for (long i = 0; i < 2000; i++) {
            bus.publish(Frame.ofRaw("data.a.x", "a", i, Frame.epochNanosNow(), 0, null, new byte[100]));
        }
        var s = awaitStatus(st -> st.spooled() > 1900, "spool holds the frames");
        assertEquals("SPOOLING", s.state());
        assertTrue(java.nio.file.Files.list(spoolDir.resolve("db")).count() > 0);

        store.up = true;
        awaitStatus(st -> st.spooled() == 0 && st.frames() == 2000, "spool replayed");
        List<Long> got = store.written();
        assertEquals(2000, got.size());
        for (int i = 0; i < 2000; i++) {
            assertEquals(i, got.get(i), "in order, exactly once");
        }
        assertEquals(0, java.nio.file.Files.list(spoolDir.resolve("db")).count());
    }

    @Test
    void aSpoolLeftByAStoppedInstanceIsReplayedWhenItComesBack() throws Exception {
        SwitchableStore down = new SwitchableStore();
        supervisor.activate(Map.of("backoff.initial.ms", "20", "spool.dir", spoolDir.toString()));
        Map<String, Object> c = cfg("arch", "topics", "data.*", "batch.linger.ms", "1");
        supervisor.addStore(down, c);
        for (long i = 0; i < 300; i++) {
            bus.publish(Frame.ofRaw("data.a.x", "a", i, 0, 0, null, new byte[10]));
        }
        awaitStatus(st -> st.spooled() + st.queueDepth() == 300 && st.queueDepth() == 0, "all spooled");
        supervisor.removeStore(down, c); // e.g. daqhub stops while the backend is down

        SwitchableStore back = new SwitchableStore();
        back.up = true;
        supervisor.addStore(back, c);
        bus.publish(Frame.ofRaw("data.a.x", "a", 300, 0, 0, null, new byte[10]));
        long deadline = System.currentTimeMillis() + 5000;
        while (back.written().size() < 301 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<Long> got = back.written();
        assertEquals(301, got.size());
        for (int i = 0; i <= 300; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void aFullSpoolWithDropOldestCountsWhatItDrops() throws Exception {
        SwitchableStore store = new SwitchableStore();
        supervisor.activate(Map.of("backoff.initial.ms", "10000", "spool.dir", spoolDir.toString()));
        supervisor.addStore(store, cfg("view", "topics", "data.*", "batch.size", "10", "batch.linger.ms", "1",
                "spool.max.bytes", "20000", "spool.overflow", "drop_oldest"));
        for (long i = 0; i < 1000; i++) {
            bus.publish(Frame.ofRaw("data.a.x", "a", i, 0, 0, null, new byte[100]));
        }
        var s = awaitStatus(st -> st.spooled() + st.dropped() == 1000 && st.queueDepth() == 0, "all spooled or dropped");
        assertTrue(s.dropped() > 0, "dropped " + s.dropped());
        assertTrue(s.spooled() < 200, "spool bounded: " + s.spooled());
    }

    private org.daqhub.api.runtime.InstanceStatus awaitStatus(java.util.function.Predicate<org.daqhub.api.runtime.InstanceStatus> p,
            String what) throws Exception {
        long deadline = System.currentTimeMillis() + 10000;
        org.daqhub.api.runtime.InstanceStatus s = null;
        while (System.currentTimeMillis() < deadline) {
            s = supervisor.instances().get(0);
            if (p.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for: " + what + "; last status " + s);
    }
}
