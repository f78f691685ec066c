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

class StoreSupervisorTest {
    private final LocalFrameBus bus = new LocalFrameBus("n1");
    private final StoreSupervisor supervisor = new StoreSupervisor(bus);

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
        supervisor.activate(Map.of("backoff.initial.ms", "20"));
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
        var s = supervisor.instances().get(0);
        assertEquals(500, s.frames());
        assertEquals(3, s.restarts(), "failed writes are counted");
        assertEquals(0, s.dropped());
    }

    @Test
    void queuedFramesAreWrittenWhenTheStoreGoesAway() throws Exception {
        FlakyStore store = new FlakyStore(0);
        supervisor.activate(Map.of());
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
        supervisor.activate(Map.of());
        supervisor.addStore(new FlakyStore(0), cfg("s3"));
        var s = supervisor.instances().get(0);
        assertEquals("INVALID", s.state());
        assertTrue(s.lastError().contains("instance 's3': topics=(missing) is required"), s.lastError());
    }

    @Test
    void badOverflowValueNamesTheKey() {
        supervisor.activate(Map.of());
        supervisor.addStore(new FlakyStore(0), cfg("s4", "topics", "x", "overflow", "sometimes"));
        assertTrue(supervisor.instances().get(0).lastError().contains("overflow='sometimes'"));
    }
}
