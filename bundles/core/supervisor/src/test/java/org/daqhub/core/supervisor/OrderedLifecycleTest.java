package org.daqhub.core.supervisor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.api.Frame;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.FramePublisher;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.LocalFrameBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start and stop order, sequence numbers across restarts of the platform, gaps, restart policies: what issue 10
 * found losing or repeating frames.
 */
class OrderedLifecycleTest {
    @TempDir
    Path dir;

    private final Map<String, List<String>> configuredStores = new ConcurrentHashMap<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
    }

    /** A platform: bus, store supervisor, driver supervisor sharing one data directory. */
    private final class Platform {
        final LocalFrameBus bus = new LocalFrameBus("n1");
        final StoreSupervisor stores = new StoreSupervisor(bus, () -> configuredStores);
        final DriverSupervisor drivers = new DriverSupervisor(bus, stores);

        Platform(String... settings) {
            Map<String, Object> s = new HashMap<>(Map.of("sequence.dir", dir.resolve("sequences").toString(),
                    "spool.dir", dir.resolve("spool").toString(), "backoff.initial.ms", "10"));
            for (int i = 0; i < settings.length; i += 2) {
                s.put(settings[i], settings[i + 1]);
            }
            stores.activate(s);
            drivers.activate(s);
            cleanups.add(this::stop);
        }

        /** A graceful stop: drivers first, then the stores drain. */
        void stop() {
            drivers.deactivate();
            stores.deactivate();
        }

        /**
         * What a kill -9 leaves behind: the files as they were while running. The driver is held first, so that
         * nothing happens after the files are copied; the platform is then stopped and its files replaced by the
         * copies (a graceful stop would have saved exact numbers).
         */
        void kill(CountingDriver driver, RecordingStore store) throws Exception {
            driver.hold = true;
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertEquals(driver.published.get(), store.seqs().size()));
            Path files = dir.resolve("sequences");
            Map<Path, byte[]> copies = new HashMap<>();
            try (var list = java.nio.file.Files.list(files)) {
                for (Path f : list.toList()) {
                    copies.put(f, java.nio.file.Files.readAllBytes(f));
                }
            }
            stop();
            for (Map.Entry<Path, byte[]> e : copies.entrySet()) {
                java.nio.file.Files.write(e.getKey(), e.getValue());
            }
        }

        InstanceStatus status(String instance) {
            List<InstanceStatus> all = new ArrayList<>(drivers.instances());
            all.addAll(stores.instances());
            return all.stream().filter(s -> s.instance().equals(instance)).findFirst().orElseThrow();
        }
    }

    private static Map<String, Object> cfg(String instance, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.test~" + instance);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Publishes raw frames as fast as the bus takes them, counting them. */
    static final class CountingDriver implements Driver {
        final AtomicInteger published = new AtomicInteger();
        volatile boolean hold;
        /** Never counted down: the held driver only wakes to heart-beat and to see that it should stop. */
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void run(org.daqhub.api.driver.DriverContext ctx) throws Exception {
            FramePublisher p = ctx.publisher("adc");
            while (!ctx.stopping()) {
                if (hold) {
                    ctx.heartbeat();
                    released.await(5, java.util.concurrent.TimeUnit.MILLISECONDS); // held until the platform stops it
                    continue;
                }
                p.publish(new byte[8], null);
                published.incrementAndGet();
                if (published.get() % 100 == 0) {
                    Thread.sleep(1); // a device's pace (about 100 frames a millisecond), not a wait for a condition
                }
            }
        }
    }

    /** Keeps the sequence numbers it was given, per topic. */
    static class RecordingStore implements Store {
        final List<Long> seqs = new ArrayList<>();

        @Override
        public synchronized void write(List<Frame> batch) {
            batch.forEach(f -> seqs.add(f.sequence()));
        }

        synchronized List<Long> seqs() {
            return new ArrayList<>(seqs);
        }
    }

    @Test
    void aDriverWaitsForItsConfiguredStoreSoItsFirstFramesAreStored() {
        configuredStores.put("archive", List.of("data.det1.*"));
        configuredStores.put("other", List.of("data.det2.*")); // not for det1: not waited for
        Platform p = new Platform();
        CountingDriver driver = new CountingDriver();
        p.drivers.addDriver(driver, cfg("det1"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertEquals("WAITING", p.status("det1").state()));
        assertEquals(0, driver.published.get());
        assertTrue(p.bus.unrouted().isEmpty(), "nothing published to nobody: " + p.bus.unrouted());

        RecordingStore store = new RecordingStore();
        p.stores.addStore(store, cfg("archive", "topics", "data.det1.*"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(store.seqs().size() > 1000));
        assertEquals(0L, store.seqs().get(0), "the very first frame reached the store");
        assertEquals("RUNNING", p.status("det1").state());
    }

    @Test
    void aDriverStartsAfterStartWaitWhenItsStoreNeverComes() {
        configuredStores.put("absent", List.of("data.det1.*"));
        Platform p = new Platform("start.wait.ms", "200");
        CountingDriver driver = new CountingDriver();
        p.drivers.addDriver(driver, cfg("det1"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(driver.published.get() > 0));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals((long) driver.published.get(),
                p.bus.unrouted().get("data.det1.adc"), "frames published to nobody are counted as unrouted"));
    }

    @Test
    void gracefulRestartContinuesEverySequenceWithoutGapOrRepeat() {
        configuredStores.put("archive", List.of("data.det1.*"));
        RecordingStore store = new RecordingStore();
        for (int run = 0; run < 3; run++) {
            Platform p = new Platform();
            p.stores.addStore(store, cfg("archive", "topics", "data.det1.*"));
            CountingDriver driver = new CountingDriver();
            p.drivers.addDriver(driver, cfg("det1"));
            int before = store.seqs().size();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(store.seqs().size() > before + 2000));
            assertEquals(0L, p.status("archive").counters().get("gaps"), "no gap, also not at the restart");
            p.stop();
        }
        List<Long> seqs = store.seqs();
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i, seqs.get(i), "frame " + i + ": every number once, in order, across two restarts");
        }
    }

    @Test
    void afterACrashNumbersAreNeverReusedAndTheStoreReportsTheGap() throws Exception {
        configuredStores.put("archive", List.of("data.det1.*"));
        RecordingStore store = new RecordingStore();
        Platform first = new Platform();
        first.stores.addStore(store, cfg("archive", "topics", "data.det1.*"));
        CountingDriver driver = new CountingDriver();
        first.drivers.addDriver(driver, cfg("det1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(store.seqs().size() > 3000));
        first.kill(driver, store);
        long lastBefore = store.seqs().get(store.seqs().size() - 1);

        RecordingStore after = new RecordingStore();
        Platform second = new Platform();
        second.stores.addStore(after, cfg("archive", "topics", "data.det1.*"));
        second.drivers.addDriver(new CountingDriver(), cfg("det1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(after.seqs().size() > 100));
        long firstAfter = after.seqs().get(0);
        assertTrue(firstAfter > lastBefore, "numbers go on above the crash: " + firstAfter + " > " + lastBefore);
        InstanceStatus s = second.status("archive");
        assertEquals(1L, s.counters().get("gaps"), "gap reported: " + s.counters());
        assertEquals(firstAfter - lastBefore - 1, s.counters().get("missing"), "the numbers between, counted");
    }

    @Test
    void aStoreStoppedBeforeItsDriverAtShutdownLosesNothing() {
        configuredStores.put("archive", List.of("data.det1.*"));
        Platform p = new Platform();
        RecordingStore store = new RecordingStore() {
            @Override
            public synchronized void write(List<Frame> batch) {
                super.write(batch);
                try {
                    Thread.sleep(2); // a slow backend: the queue is full when the platform stops
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        p.stores.addStore(store, cfg("archive", "topics", "data.det1.*", "batch.size", "10", "queue.capacity", "5000"));
        CountingDriver driver = new CountingDriver();
        p.drivers.addDriver(driver, cfg("det1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(store.seqs().size() > 2000));
        p.stop();
        List<Long> seqs = store.seqs();
        assertEquals(driver.published.get(), seqs.size(), "every frame published before the stop was written");
    }

    @Test
    void restartPolicyNeverLeavesAFailedDriverFailed() {
        Platform p = new Platform();
        AtomicInteger runs = new AtomicInteger();
        Driver failing = ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        };
        p.drivers.addDriver(failing, cfg("once", "restart", "never"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals("FAILED", p.status("once").state()));
        await().during(Duration.ofMillis(300)).untilAsserted(() -> assertEquals(1, runs.get()));
        assertTrue(p.drivers.restart("once"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(2, runs.get()));
    }

    @Test
    void restartPolicyAlwaysRunsADriverAgainAfterItReturns() {
        Platform p = new Platform();
        AtomicInteger runs = new AtomicInteger();
        p.drivers.addDriver(ctx -> runs.incrementAndGet(), cfg("loop", "restart", "always"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(runs.get() >= 3));
    }

    @Test
    void aBadRestartPolicyIsReportedWithTheKey() {
        Platform p = new Platform();
        p.drivers.addDriver(ctx -> { }, cfg("typo", "restart", "sometimes"));
        InstanceStatus s = p.status("typo");
        assertEquals("INVALID", s.state());
        assertTrue(s.lastError().contains("restart"), s.lastError());
    }

    @Test
    void anUnknownKeyIsNamedWithTheNearestKnownOneAndTheInstanceStillRuns() {
        Platform p = new Platform();
        RecordingStore store = new RecordingStore();
        p.stores.add(store, cfg("archive", "topics", "data.det1.*", "out_dir", "/data", "batch.szie", "10", "colour", "red"),
                java.util.Set.of("out.dir", "file.prefix"));
        InstanceStatus s = p.status("archive");
        assertEquals("RUNNING", s.state());
        assertEquals("unknown key batch.szie, did you mean batch.size?; unknown key colour (known: file.prefix, out.dir); "
                + "unknown key out_dir, did you mean out.dir?", s.lastError());
    }

    @Test
    void aComponentFailureReadsAsItsMessage() {
        assertEquals("daqhub driver x, instance 'a': rate='abc' is not a number",
                FailedComponents.reason("org.daqhub.api.config.InvalidConfigException: daqhub driver x, instance 'a': "
                        + "rate='abc' is not a number\n\tat org.daqhub...."));
    }
}
