package org.daqhub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing integration: its events spool, the others keep flowing, and after recovery all arrive once, in order. */
class IntegrationForwarderTest {
    @TempDir
    Path spool;

    /** An integration plugin that can be switched off, as a server that goes away. */
    static final class Switchable implements MonitoringIntegration {
        volatile boolean down;
        volatile long refusedForGood;
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public long refused() {
            return refusedForGood;
        }

        @Override
        public void export(List<MonitoringEvent> events) throws Exception {
            if (down) {
                throw new java.io.IOException("connection refused");
            }
            events.forEach(e -> received.add(e.key()));
        }
    }

    static List<MonitoringEvent> events(int from, int n) {
        List<MonitoringEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new MonitoringEvent("finished", "job", "e" + i, "succeeded", Instant.now(), Map.of("duration_s", i)));
        }
        return out;
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(c.getAsBoolean(), "condition not reached in 15 s");
    }

    @Test
    void aFailingIntegrationSpoolsAndDrainsWithoutBlockingTheOthers() throws Exception {
        IntegrationForwarder f = new IntegrationForwarder(spool, 100);
        Switchable zabbix = new Switchable();
        Switchable files = new Switchable();
        f.addIntegration(zabbix, Map.of("integration.name", "zabbix"));
        f.addIntegration(files, Map.of("integration.name", "files"));
        zabbix.down = true;
        for (int b = 0; b < 10; b++) {
            f.forward(events(b * 10, 10));
        }
        await(() -> files.received.size() == 100);
        await(() -> f.spooled() == 100);
        assertEquals("degraded", f.states().get("zabbix").get("state"));
        assertEquals("healthy", f.states().get("files").get("state"));
        assertEquals(0, zabbix.received.size());
        // in daqhub:status and /metrics: one instance per integration
        org.daqhub.api.runtime.InstanceStatus z = f.instances().stream().filter(i -> i.instance().equals("zabbix"))
                .findFirst().orElseThrow();
        assertEquals("integration", z.kind());
        assertEquals("DEGRADED", z.state());
        assertEquals(100, z.spooled());
        assertTrue(z.lastError().contains("connection refused"), z.lastError());
        zabbix.refusedForGood = 3;
        assertEquals(3, f.instances().stream().filter(i -> i.instance().equals("zabbix")).findFirst().orElseThrow()
                .dropped());

        zabbix.down = false;
        f.forward(events(100, 5)); // arrives behind the spooled ones
        await(() -> zabbix.received.size() == 105);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            expected.add("e" + i);
        }
        assertEquals(expected, zabbix.received);
        assertEquals(0, f.spooled());
        assertEquals("healthy", f.states().get("zabbix").get("state"));
        org.daqhub.api.runtime.InstanceStatus back = f.instances().stream().filter(i -> i.instance().equals("zabbix"))
                .findFirst().orElseThrow();
        assertEquals("RUNNING", back.state());
        assertEquals(105, back.frames());
        f.deactivate();
    }

    @Test
    void spooledEventsSurviveARestart() throws Exception {
        IntegrationForwarder f = new IntegrationForwarder(spool, 100);
        Switchable elk = new Switchable();
        elk.down = true;
        f.addIntegration(elk, Map.of("integration.name", "elk"));
        f.forward(events(0, 20));
        await(() -> f.spooled() == 20);
        f.deactivate();

        IntegrationForwarder again = new IntegrationForwarder(spool, 100);
        Switchable elk2 = new Switchable();
        again.addIntegration(elk2, Map.of("integration.name", "elk"));
        await(() -> elk2.received.size() == 20);
        assertEquals("e0", elk2.received.get(0));
        assertEquals("e19", elk2.received.get(19));
        again.deactivate();
    }
}
