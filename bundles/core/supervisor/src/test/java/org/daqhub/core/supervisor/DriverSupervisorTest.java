package org.daqhub.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.FramePublisher;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.core.bus.LocalFrameBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriverSupervisorTest {
    private final LocalFrameBus bus = new LocalFrameBus("n1");
    private final DriverSupervisor supervisor = new DriverSupervisor(bus);

    @AfterEach
    void stop() {
        supervisor.deactivate();
    }

    private static Map<String, Object> cfg(String instance, Object... kv) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("service.pid", "org.daqhub.driver.test~" + instance);
        m.put("component.name", "org.daqhub.driver.test");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private InstanceStatus status(String instance) {
        return supervisor.instances().stream().filter(s -> s.instance().equals(instance)).findFirst().orElseThrow();
    }

    @Test
    void failingDriverIsRestartedWithGrowingDelays() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Driver failing = ctx -> {
            starts.add(System.nanoTime());
            throw new IllegalStateException("boom");
        };
        supervisor.activate(Map.of("backoff.initial.ms", "50", "backoff.factor", "2", "backoff.max.ms", "10000"));
        supervisor.addDriver(failing, cfg("bad"));
        long deadline = System.currentTimeMillis() + 5000;
        while (starts.size() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(starts.size() >= 5, "restarted only " + starts.size() + " times");
        // gaps: ~50, 100, 200, 400 ms; each must be clearly longer than the one before
        for (int i = 2; i < 5; i++) {
            long prev = starts.get(i - 1) - starts.get(i - 2);
            long gap = starts.get(i) - starts.get(i - 1);
            assertTrue(gap > prev * 1.5, "gap " + i + " = " + gap / 1e6 + " ms is not growing from " + prev / 1e6 + " ms");
        }
        InstanceStatus s = status("bad");
        assertTrue(s.restarts() >= 4, "restarts " + s.restarts());
        assertTrue(s.lastError().contains("boom"), s.lastError());
    }

    @Test
    void framesAreCountedAndSequencesSurviveARestart() throws Exception {
        Subscription sub = bus.subscribe("t", List.of("data.sim.*"), 1000, OverflowPolicy.BLOCK);
        Driver fiveThenFail = ctx -> {
            FramePublisher p = ctx.publisher("adc");
            for (int i = 0; i < 5; i++) {
                p.publish(Table.builder().addInt32("x", new int[] {i}).build());
            }
            throw new IllegalStateException("after five");
        };
        supervisor.activate(Map.of("backoff.initial.ms", "10"));
        supervisor.addDriver(fiveThenFail, cfg("sim"));
        for (long expected = 0; expected < 15; expected++) {
            Frame f = sub.poll(5, TimeUnit.SECONDS);
            assertNotNull(f);
            assertEquals("data.sim.adc", f.topic());
            assertEquals(expected, f.sequence(), "sequence continues across restarts");
            assertEquals("sim", f.source());
        }
        long deadline = System.currentTimeMillis() + 2000; // the counter moves right after delivery
        while (status("sim").frames() < 15 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(status("sim").frames() >= 15, "frames counted: " + status("sim").frames());
    }

    @Test
    void watchdogInterruptsAHungDriver() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Driver hangs = ctx -> {
            starts.add(System.nanoTime());
            Thread.sleep(60_000); // never publishes, never heart-beats
        };
        supervisor.activate(Map.of("watchdog.timeout.ms", "300", "backoff.initial.ms", "10"));
        supervisor.addDriver(hangs, cfg("stuck"));
        long deadline = System.currentTimeMillis() + 8000;
        while (starts.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(starts.size() >= 2, "the watchdog did not restart the hung driver");
        assertTrue(status("stuck").lastError().startsWith("hung"), status("stuck").lastError());
    }

    @Test
    void removingADriverStopsItAndManualRestartWorks() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Driver idle = ctx -> {
            starts.add(System.nanoTime());
            while (!ctx.stopping()) {
                ctx.heartbeat();
                Thread.sleep(10);
            }
        };
        supervisor.activate(Map.of());
        supervisor.addDriver(idle, cfg("idle"));
        Thread.sleep(100);
        assertTrue(supervisor.restart("idle"));
        long deadline = System.currentTimeMillis() + 3000;
        while (starts.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, starts.size());
        assertEquals(1, status("idle").restarts());
        supervisor.removeDriver(idle, cfg("idle"));
        assertTrue(supervisor.instances().isEmpty());
    }

    @Test
    void badSupervisionValueIsReportedNotRun() {
        supervisor.activate(Map.of());
        supervisor.addDriver(ctx -> { }, cfg("odd", "backoff.factor", "fast"));
        InstanceStatus s = status("odd");
        assertEquals("INVALID", s.state());
        assertTrue(s.lastError().contains("backoff.factor"), s.lastError());
    }

    /** An operator's stop keeps the instance (STOPPED, its counters), start runs it again; neither works twice. */
    @Test
    void anOperatorStopsAndStartsADriverWithoutRemovingIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        List<Long> starts = new CopyOnWriteArrayList<>();
        Driver idle = ctx -> {
            starts.add(System.nanoTime());
            running.incrementAndGet();
            try {
                while (!ctx.stopping()) {
                    ctx.heartbeat();
                    Thread.sleep(10);
                }
            } finally {
                running.decrementAndGet();
            }
        };
        supervisor.activate(Map.of());
        supervisor.addDriver(idle, cfg("pump"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> running.get() == 1);
        assertTrue(supervisor.stop("pump"));
        assertEquals(0, running.get(), "stop returns once the driver has stopped");
        assertEquals("STOPPED", status("pump").state());
        assertTrue(!supervisor.stop("pump"), "a stopped instance cannot be stopped again");
        assertTrue(!supervisor.restart("pump"), "nor restarted: it is started");
        assertTrue(supervisor.start("pump"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> running.get() == 1);
        assertEquals(2, starts.size());
        assertEquals("RUNNING", status("pump").state());
        assertTrue(!supervisor.start("pump"), "a running instance cannot be started again");
        assertTrue(!supervisor.stop("nobody"));
        supervisor.stop("pump");
        supervisor.removeDriver(idle, cfg("pump"));
        assertTrue(supervisor.instances().isEmpty(), "a removed instance is gone, stopped or not");
    }
}
