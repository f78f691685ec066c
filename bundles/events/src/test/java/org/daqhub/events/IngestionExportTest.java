package org.daqhub.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.daqhub.core.notify.MonitoringExportOutbox;
import org.daqhub.testdb.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ingestion with the platform's export outbox on a real PostgreSQL: what is stored is exported once (a duplicate
 * never), whether it came alone (the one-statement path) or in a batch, and an integration that is down holds up
 * neither ingestion nor the events it will get later.
 */
class IngestionExportTest {
    private final TestDatabase db = TestDatabase.fresh();
    private final MonitoringExportOutbox export = new MonitoringExportOutbox(db.bookkeeping());
    private final JobEvents events = new JobEvents(db.bookkeeping(), export, Map.of());

    static final class Recording implements MonitoringIntegration {
        volatile boolean down;
        final List<String> keys = new CopyOnWriteArrayList<>();

        @Override
        public void export(List<MonitoringEvent> batch) throws Exception {
            if (down) {
                throw new java.net.ConnectException("connection refused");
            }
            batch.forEach(e -> keys.add(e.attributes().get("idempotency_key") + "/" + e.kind()));
        }
    }

    @AfterEach
    void stop() {
        export.deactivate();
    }

    @Test
    void whatIsStoredIsExportedOnceAndADownIntegrationDelaysNothing() throws Exception {
        Recording target = new Recording();
        export.addIntegration(target, Map.of("integration.name", "it"));
        Instant t0 = Instant.now().minusSeconds(30);
        events.ingest(List.of(JobEventsTest.event("x-1", "job", "jx", "started", t0)), false);
        events.ingest(List.of(JobEventsTest.event("x-1", "job", "jx", "started", t0)), false); // a resend
        events.ingest(List.of(JobEventsTest.event("x-1", "job", "jx", "started", t0),
                JobEventsTest.event("x-2", "job", "jx", "progress", t0.plusSeconds(1))), true);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of("x-1/started", "x-2/progress"),
                target.keys));
        // a batch with a bad event stores nothing, so exports nothing
        var bad = JobEventsTest.event("x-bad", "job", "jx", "finished", t0.plusSeconds(3));
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("event")).put("kind", "exploded");
        assertThrows(BadEventException.class, () -> events.ingest(List.of(JobEventsTest.event("x-3", "job", "jx",
                "progress", t0.plusSeconds(2)), bad), true));

        target.down = true;
        events.ingest(List.of(JobEventsTest.event("x-4", "job", "jx", "finished", t0.plusSeconds(4))), false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, events.waitingForIntegrations()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("DEGRADED", events.instances().get(0).state()));
        target.down = false;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of("x-1/started", "x-2/progress",
                "x-4/finished"), target.keys));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(3, target.keys.size()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, events.waitingForIntegrations()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals("RUNNING", events.instances().get(0).state()));
    }
}
