package org.daqhub.core.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringExport.IntegrationState;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.testdb.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring events through the platform's export outbox on a real PostgreSQL: queued in the ingesting
 * transaction, a failing integration waits without holding up the others, and everything arrives once, in order,
 * across restarts, from two nodes, and from the disk spool an earlier daqhub left.
 */
class MonitoringExportTest {
    @TempDir
    Path oldSpools;
    private final TestDatabase db = TestDatabase.fresh();
    private final List<MonitoringExportOutbox> started = new ArrayList<>();

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

    private MonitoringExportOutbox start() {
        MonitoringExportOutbox x = new MonitoringExportOutbox(db.bookkeeping(), oldSpools, 50);
        started.add(x);
        return x;
    }

    @AfterEach
    void stop() {
        started.forEach(MonitoringExportOutbox::deactivate);
    }

    static List<MonitoringEvent> events(int from, int n) {
        List<MonitoringEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new MonitoringEvent("finished", "job", "e" + i, "succeeded", Instant.parse("2026-12-01T10:00:00Z")
                    .plusSeconds(i), Map.of("duration_s", i, "site", "it")));
        }
        return out;
    }

    static List<String> keys(int from, int n) {
        return events(from, n).stream().map(MonitoringEvent::key).toList();
    }

    /** What ingestion does: queue in its transaction, commit (or not), wake. */
    private void ingest(MonitoringExportOutbox x, List<MonitoringEvent> events, boolean commit) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            x.queue(c, events);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
        x.wake();
    }

    private static IntegrationState state(MonitoringExportOutbox x, String name) {
        return x.integrations().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFailingIntegrationWaitsAndDrainsInOrderWithoutBlockingTheOthers() throws Exception {
        MonitoringExportOutbox x = start();
        Switchable zabbix = new Switchable();
        Switchable files = new Switchable();
        x.addIntegration(zabbix, Map.of("integration.name", "zabbix"));
        x.addIntegration(files, Map.of("integration.name", "files"));
        zabbix.down = true;
        for (int b = 0; b < 10; b++) {
            ingest(x, events(b * 10, 10), true);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(keys(0, 100), files.received));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(100, state(x, "zabbix").pending()));
        assertEquals("degraded", state(x, "zabbix").state());
        assertEquals("healthy", state(x, "files").state(), "events in transit are not a problem");
        assertEquals(0, zabbix.received.size());
        InstanceStatus z = x.instances().stream().filter(i -> i.instance().equals("zabbix")).findFirst().orElseThrow();
        assertEquals("integration", z.kind());
        assertEquals("DEGRADED", z.state());
        assertEquals(100, z.spooled());
        assertTrue(z.lastError().contains("connection refused"), z.lastError());
        assertTrue(state(x, "zabbix").failures() >= 1);
        zabbix.refusedForGood = 3;
        assertEquals(3, x.instances().stream().filter(i -> i.instance().equals("zabbix")).findFirst().orElseThrow()
                .dropped());

        zabbix.down = false;
        ingest(x, events(100, 5), true); // arrives behind the waiting ones
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(keys(0, 105), zabbix.received));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> { // the counts are at most a second old
            IntegrationState back = state(x, "zabbix");
            assertEquals(0, back.pending());
            assertEquals("healthy", back.state());
            assertEquals(105, back.exported());
            assertEquals("", back.lastError());
        });
        assertEquals(keys(0, 105), files.received, "the healthy integration got each event once");
    }

    @Test
    void whatWaitsSurvivesARestartAndARolledBackBatchGoesNowhere() throws Exception {
        MonitoringExportOutbox x = start();
        Switchable elk = new Switchable();
        elk.down = true;
        x.addIntegration(elk, Map.of("integration.name", "elk"));
        ingest(x, events(0, 20), true);
        ingest(x, events(20, 5), false); // the ingestion's transaction failed: not stored, so not exported
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(20, state(x, "elk").pending()));
        x.deactivate();

        MonitoringExportOutbox again = start();
        Switchable elk2 = new Switchable();
        again.addIntegration(elk2, Map.of("integration.name", "elk"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(keys(0, 20), elk2.received));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(20, elk2.received.size()));
    }

    @Test
    void twoNodesDeliverEachBatchOnceBetweenThem() throws Exception {
        MonitoringExportOutbox a = start();
        MonitoringExportOutbox b = start();
        Switchable onA = new Switchable();
        Switchable onB = new Switchable();
        a.addIntegration(onA, Map.of("integration.name", "webhook-ops"));
        b.addIntegration(onB, Map.of("integration.name", "webhook-ops"));
        for (int i = 0; i < 200; i++) {
            ingest(i % 2 == 0 ? a : b, events(i * 5, 5), true);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1000, onA.received.size() + onB.received.size()));
        List<String> all = new ArrayList<>(onA.received);
        all.addAll(onB.received);
        assertEquals(new HashSet<>(keys(0, 1000)), new HashSet<>(all));
        assertEquals(1000, new HashSet<>(all).size(), "no event went twice");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, state(a, "webhook-ops").pending()));
    }

    @Test
    void anEarlierDaqhubsDiskSpoolIsMovedIntoTheOutboxInOrder() throws Exception {
        Path dir = Files.createDirectories(oldSpools.resolve("jsonl"));
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (MonitoringEvent e : events(f * 4, 4)) {
                lines.add(IntegrationRunner.JSON.writeValueAsString(e.toMap()));
            }
            Files.write(dir.resolve(String.format("%020d.jsonl", 1000 + f)), lines);
        }
        Files.writeString(dir.resolve("00000000000000000999.jsonl.tmp"), "half written"); // never committed: ignored
        MonitoringExportOutbox x = start();
        Switchable jsonl = new Switchable();
        x.addIntegration(jsonl, Map.of("integration.name", "jsonl"));
        ingest(x, events(12, 3), true);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(keys(0, 15), jsonl.received));
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.toString().endsWith(".jsonl")), "the moved files are gone");
        }
    }
}
