package org.daqhub.worksets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.daqhub.api.http.ApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.daqhub.testdb.TestDatabase;

/** Worksets on a real PostgreSQL: the state machine, leases with fencing tokens, the queue, retries, the sweep. */
class WorksetsTest {
    static final TestDatabase db = TestDatabase.fresh();
    static Worksets worksets;

    @BeforeAll
    static void start() throws Exception {
        // leases long enough that no test's lease runs out by itself; the expiry tests have their own short ones
        worksets = new Worksets(db.bookkeeping(),
                Map.of("heartbeat.s", "20", "lease.s", "60", "sweep.interval.ms", "200", "max.retries", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        worksets.deactivate();
    }

    static ObjectNode meta(String key, double cost) {
        return WorksetRows.JSON.createObjectNode().put("samples", 10).put(key, cost);
    }

    static WorksetViews.Workset register(String id, Priority p, ObjectNode meta) {
        return worksets.register(id, "bucket", id + "/", p, meta, null, null, "test");
    }

    @Test
    void metatypeDeclaresExactlyTheKeysTheCodeReads() throws Exception {
        Set<String> read = new java.util.TreeSet<>();
        new Worksets(db.bookkeeping(),
                org.daqhub.metatype.MetatypeCheck.recording(read, Map.of())).deactivate();
        assertEquals(org.daqhub.metatype.MetatypeCheck.metatype(WorksetsConfig.class).keySet(), read);
    }

    @Test
    void registeringTwiceIsAConflictAndBothCostKeysCount() {
        WorksetViews.Workset w = register("reg-1", Priority.URGENT, meta("estimated_cost", 50.0));
        assertEquals("ready", w.state());
        assertEquals(50.0, w.estimatedCost());
        assertEquals(List.of("ready"), w.stateHistory().stream().map(WorksetViews.HistoryEntry::state).toList());
        assertEquals(12.5, register("reg-2", Priority.LOW, meta("estimated_cost_usd", 12.5)).estimatedCost());
        ApiException dup = assertThrows(ApiException.class, () -> register("reg-1", Priority.LOW, null));
        assertEquals(409, dup.status());
        assertEquals(422, assertThrows(ApiException.class, () -> register("bad id", Priority.LOW, null)).status());
        assertEquals(422, assertThrows(ApiException.class,
                () -> register("reg-3", Priority.LOW, WorksetRows.JSON.createObjectNode().put("estimated_cost", "cheap"))).status());
    }

    @Test
    void aFreshLeaseRefusesOthersItsHolderRenewsAndOnlyTheHolderReleases() {
        register("lock-1", Priority.NORMAL, null);
        WorksetViews.Lease a = worksets.leases().lock("lock-1", "worker-a", false, "test");
        assertEquals("locked", a.state());
        ApiException busy = assertThrows(ApiException.class, () -> worksets.leases().lock("lock-1", "worker-b", false, "test"));
        assertEquals(409, busy.status());
        assertTrue(busy.getMessage().contains("worker-a"), busy.getMessage());
        // the holder locking again is refused too: it renews with the heartbeat (a second lock would be a second holder)
        ApiException again = assertThrows(ApiException.class, () -> worksets.leases().lock("lock-1", "worker-a", false, "test"));
        assertEquals(409, again.status());
        assertTrue(again.getMessage().contains("heartbeat"), again.getMessage());
        assertEquals(a.fencingToken(), worksets.leases().heartbeat("lock-1", "worker-a", a.fencingToken()).fencingToken());
        assertEquals(403, assertThrows(ApiException.class,
                () -> worksets.leases().release("lock-1", "worker-b", null, "test")).status());
        assertEquals(409, assertThrows(ApiException.class,
                () -> worksets.leases().release("lock-1", "worker-a", a.fencingToken() + 7, "test")).status());
        WorksetViews.Workset released = worksets.leases().release("lock-1", "worker-a", a.fencingToken(), "test");
        assertEquals("ready", released.state());
        assertNull(released.lockOwner());
        assertEquals(404, assertThrows(ApiException.class, () -> worksets.leases().lock("no-such", "w", false, "t")).status());
    }

    static final Map<String, Object> SHORT_LEASES = Map.of("heartbeat.s", "1", "lease.s", "2", "sweep.interval.ms", "200");

    @Test
    void anExpiredLeaseIsTakenOverWithANewTokenAndTheOldHoldersWritesAreRefused() throws Exception {
        Worksets worksets = onItsOwnDatabase(TestDatabase.fresh(), SHORT_LEASES);
        worksets.register("stale-1", "b", "p", Priority.NORMAL, null, null, null, "t");
        WorksetViews.Lease a = worksets.leases().lock("stale-1", "worker-a", false, "test");
        worksets.change("stale-1", new Worksets.Change(WorksetState.IN_PROGRESS, "started", null, null, null, "worker-a",
                a.fencingToken()), "test");
        // worker-a stops heartbeating; once its lease has expired worker-b takes over (the sweep may put it back first)
        await().atMost(Duration.ofSeconds(10)).ignoreException(ApiException.class).untilAsserted(() -> {
            WorksetViews.Lease b = worksets.leases().lock("stale-1", "worker-b", false, "test");
            assertTrue(b.fencingToken() > a.fencingToken());
        });
        WorksetViews.Workset now = worksets.get("stale-1");
        assertEquals("worker-b", now.lockOwner());
        worksets.leases().heartbeat("stale-1", "worker-b", now.fencingToken()); // 2 s of margin for the checks below
        // the old holder learns it lost the lease (409), whatever it tries
        ApiException beat = assertThrows(ApiException.class,
                () -> worksets.leases().heartbeat("stale-1", "worker-a", a.fencingToken()));
        assertEquals(409, beat.status(), beat.getMessage());
        ApiException write = assertThrows(ApiException.class, () -> worksets.change("stale-1", new Worksets.Change(
                WorksetState.COMPLETE, "done", null, null, null, "worker-a", a.fencingToken()), "test"));
        assertEquals(409, write.status(), write.getMessage());
        assertEquals("fencing_token", write.field());
        ApiException stale = assertThrows(ApiException.class, () -> worksets.change("stale-1", new Worksets.Change(
                WorksetState.IN_PROGRESS, "again", null, null, null, "worker-b", a.fencingToken()), "test"));
        assertEquals(409, stale.status());
        assertEquals("fencing_token", stale.field());
        // someone who never held it: 403
        assertEquals(403, assertThrows(ApiException.class, () -> worksets.change("stale-1", new Worksets.Change(
                WorksetState.IN_PROGRESS, "mine", null, null, null, "worker-c", null), "test")).status());
        worksets.deactivate();
    }

    /** A stale token is refused even when nobody holds the lease any more (it would re-queue another's result). */
    @Test
    void aStaleTokenIsRefusedOnAWorksetWithoutALease() throws Exception {
        Worksets worksets = onItsOwnDatabase(TestDatabase.fresh(), SHORT_LEASES);
        try {
            worksets.register("u-1", "b", "p", Priority.NORMAL, null, null, null, "t");
            WorksetViews.Lease a = worksets.leases().lock("u-1", "worker-a", false, "t");
            // worker-a pauses past its lease; the sweep re-queues it and worker-b takes it, then ends in error
            await().atMost(Duration.ofSeconds(10)).until(() -> worksets.get("u-1").state().equals("ready"));
            WorksetViews.Lease b = worksets.leases().claim("worker-b", "t").orElseThrow();
            worksets.change("u-1", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "worker-b",
                    b.fencingToken()), "t");
            worksets.change("u-1", new Worksets.Change(WorksetState.ERROR, "bad input", "sample 7 unreadable", null, null,
                    "worker-b", b.fencingToken()), "t");
            ApiException e = assertThrows(ApiException.class, () -> worksets.change("u-1", new Worksets.Change(
                    WorksetState.READY, "mine", null, null, null, "worker-a", a.fencingToken()), "t"));
            assertEquals(409, e.status());
            assertEquals("fencing_token", e.field());
            assertEquals("error", worksets.get("u-1").state());
            assertEquals("sample 7 unreadable", worksets.get("u-1").errorDetails());
        } finally {
            worksets.deactivate();
        }
    }

    @Test
    void retryingIsReachedThroughAFailureNotAPut() {
        register("put-retry", Priority.NORMAL, null);
        WorksetViews.Lease l = worksets.leases().lock("put-retry", "w", false, "t");
        worksets.change("put-retry", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w", l.fencingToken()), "t");
        ApiException e = assertThrows(ApiException.class, () -> worksets.change("put-retry", new Worksets.Change(
                WorksetState.RETRYING, "again", null, null, null, "w", l.fencingToken()), "t"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("/failure"), e.getMessage());
    }

    @Test
    void forceStealsAFreshLeaseAndTheHistorySaysSo() {
        register("force-1", Priority.NORMAL, null);
        worksets.leases().lock("force-1", "worker-a", false, "test");
        WorksetViews.Lease b = worksets.leases().lock("force-1", "worker-b", true, "operator-x");
        assertEquals("worker-a", b.previousOwner());
        WorksetViews.HistoryEntry last = worksets.get("force-1").stateHistory().get(2);
        assertTrue(last.reason().contains("forced") && last.reason().contains("worker-a"), last.reason());
        assertEquals("operator-x", last.actor());
    }

    @Test
    void aMoveTheDiagramLacksIsAConflictNamingBothStates() {
        register("move-1", Priority.NORMAL, null);
        ApiException e = assertThrows(ApiException.class, () -> worksets.change("move-1", new Worksets.Change(
                WorksetState.COMPLETE, "skip", null, null, null, null, null), "test"));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("ready → complete"), e.getMessage());
        worksets.change("move-1", new Worksets.Change(WorksetState.IGNORED, "not needed", null, null, null, null, null), "t");
        ApiException fin = assertThrows(ApiException.class, () -> worksets.change("move-1", new Worksets.Change(
                WorksetState.READY, "back", null, null, null, null, null), "test"));
        assertTrue(fin.getMessage().contains("final"), fin.getMessage());
    }

    @Test
    void aTransientFailureIsRetriedAfterItsBackoffAndAPermanentOneFailsAtOnce() {
        register("retry-1", Priority.NORMAL, null);
        WorksetViews.Lease l = worksets.leases().lock("retry-1", "w", false, "t");
        worksets.change("retry-1", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w", l.fencingToken()), "t");
        WorksetViews.Workset r = worksets.recordFailure("retry-1", "spot instance reclaimed", "transient", "align", "w",
                l.fencingToken(), "t");
        assertEquals("retrying", r.state());
        assertEquals(1, r.retryCount());
        assertNotNull(r.retryAfter());
        assertTrue(Instant.parse(r.retryAfter()).isAfter(Instant.parse(r.updatedAt())));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("ready", worksets.get("retry-1").state()));

        register("fail-1", Priority.NORMAL, null);
        WorksetViews.Lease f = worksets.leases().lock("fail-1", "w", false, "t");
        worksets.change("fail-1", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w", f.fencingToken()), "t");
        WorksetViews.Workset failed = worksets.recordFailure("fail-1", "bad sample sheet", "data", "validate", "w",
                f.fencingToken(), "t");
        assertEquals("failed", failed.state());
        assertEquals(0, failed.retryCount());
        assertEquals(422, assertThrows(ApiException.class, () -> worksets.recordFailure("fail-1", "x", "cosmic", null,
                null, null, "t")).status());
    }

    @Test
    void aHolderThatStopsHeartbeatingLosesTheWorksetToTheQueueAndTheStaleLockIsNotified() throws Exception {
        TestDatabase own = TestDatabase.fresh();
        Worksets worksets = onItsOwnDatabase(own, SHORT_LEASES);
        org.daqhub.core.notify.NotificationOutbox outbox = new org.daqhub.core.notify.NotificationOutbox(own.bookkeeping(),
                Map.of("poll.interval.ms", "50"));
        List<org.daqhub.api.notify.Notification> got = java.util.Collections.synchronizedList(new ArrayList<>());
        outbox.addChannel(got::add, Map.of("service.pid", "org.daqhub.notify.test~ops", "rate.per.s", "100"));
        worksets.useNotifier(outbox);
        worksets.register("sweep-1", "b", "p", Priority.NORMAL, null, null, null, "t");
        WorksetViews.Lease l = worksets.leases().lock("sweep-1", "gone", false, "t");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("ready", worksets.get("sweep-1").state()));
        List<WorksetViews.HistoryEntry> h = worksets.get("sweep-1").stateHistory();
        assertTrue(h.get(h.size() - 1).reason().contains("lease of gone expired"), h.toString());
        assertEquals(409, assertThrows(ApiException.class, () -> worksets.leases().heartbeat("sweep-1", "gone",
                l.fencingToken())).status());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, got.size()));
        assertEquals("lock_timeout", got.get(0).attributes().get("event_type"));
        assertEquals("stale_lock", got.get(0).attributes().get("alert"));
        assertEquals("gone", got.get(0).attributes().get("owner"));
        outbox.deactivate();
        worksets.deactivate();
    }

    /** Many workers claim at once: each workset goes to exactly one, in queue order, and each completes once. */
    @Test
    void concurrentClaimersEachGetADifferentWorksetAndEveryOneCompletesOnce() throws Exception {
        // a database of its own: the other tests' ready worksets stay out of this queue
        Worksets worksets = new Worksets(TestDatabase.fresh().bookkeeping(), Map.of());
        String prefix = "q-";
        for (int i = 0; i < 300; i++) {
            worksets.register(prefix + i, "b", "p", Priority.values()[i % 3], meta("estimated_cost", i), null, null, "t");
        }
        Map<String, String> holder = new ConcurrentHashMap<>();
        List<String> doubles = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String owner = "worker-" + w;
            done.add(pool.submit(() -> {
                int n = 0;
                while (true) {
                    Optional<WorksetViews.Lease> got = worksets.leases().claim(owner, owner);
                    if (got.isEmpty()) {
                        return n;
                    }
                    WorksetViews.Lease l = got.get();
                    if (holder.putIfAbsent(l.worksetId(), owner) != null) {
                        doubles.add(l.worksetId());
                    }
                    worksets.change(l.worksetId(), new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null,
                            owner, l.fencingToken()), owner);
                    worksets.change(l.worksetId(), new Worksets.Change(WorksetState.COMPLETE, "done", null, null, null,
                            owner, l.fencingToken()), owner);
                    n++;
                }
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        pool.shutdown();
        assertEquals(List.of(), doubles);
        assertEquals(300, total);
        assertEquals(300, holder.size());
        assertEquals(300, worksets.stats().queueDepth().get("complete"));
        worksets.deactivate();
    }

    /** Worksets on a database of its own: the other tests' ready worksets stay out of its queue. */
    static Worksets onItsOwnDatabase(TestDatabase own, Map<String, Object> cfg) {
        return new Worksets(own.bookkeeping(), cfg);
    }

    /** Failures and completions reach the notification outbox once each; what a channel receives is what it routes. */
    @Test
    void failuresAndCompletionsAreNotifiedOnceThroughTheOutbox() throws Exception {
        TestDatabase told = TestDatabase.fresh();
        Worksets w = onItsOwnDatabase(told, Map.of());
        org.daqhub.core.notify.NotificationOutbox outbox = new org.daqhub.core.notify.NotificationOutbox(
                told.bookkeeping(), Map.of("poll.interval.ms", "50"));
        List<org.daqhub.api.notify.Notification> got = java.util.Collections.synchronizedList(new ArrayList<>());
        outbox.addChannel(got::add, Map.of("service.pid", "org.daqhub.notify.test~ops", "rate.per.s", "100"));
        w.useNotifier(outbox);
        try {
            w.register("n-1", "b", "p", Priority.URGENT, null, null, null, "t");
            WorksetViews.Lease l = w.leases().lock("n-1", "w", false, "t");
            w.change("n-1", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w", l.fencingToken()), "t");
            w.recordFailure("n-1", "node lost", "transient", "align", "w", l.fencingToken(), "t");
            w.register("n-2", "b", "p", Priority.NORMAL, null, null, null, "t");
            WorksetViews.Lease l2 = w.leases().lock("n-2", "w", false, "t");
            w.change("n-2", new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w", l2.fencingToken()), "t");
            w.change("n-2", new Worksets.Change(WorksetState.COMPLETE, "all samples done", null, null, null, "w",
                    l2.fencingToken()), "t");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, got.size()));
            var retry = got.stream().filter(n -> n.attributes().get("workset_id").equals("n-1")).findFirst().orElseThrow();
            assertEquals("warning", retry.severity());
            assertEquals("retrying", retry.attributes().get("state"));
            assertEquals("transient", retry.attributes().get("error_category"));
            var done = got.stream().filter(n -> n.attributes().get("workset_id").equals("n-2")).findFirst().orElseThrow();
            assertEquals("completion", done.attributes().get("event_type"));
            assertEquals("info", done.severity());
            assertEquals("all samples done", done.body());
        } finally {
            outbox.deactivate();
            w.deactivate();
        }
    }

    /** A claimer waiting on an empty queue is woken by the database's NOTIFY, not by the end of its wait. */
    @Test
    void aWaitingClaimerGetsAWorksetRegisteredWhileItWaits() throws Exception {
        Worksets w = onItsOwnDatabase(TestDatabase.fresh(), Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> w.leases().claim("probe", "t").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(w.wakeups()::listening); // woken by NOTIFY, not by polling
            long seen = w.leases().acquired.get();
            Future<Optional<WorksetViews.Lease>> waiting = pool.submit(() -> w.leases().claim("sleeper", "t", 120_000));
            // the claimer is waiting: nothing to claim yet
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
            w.register("wake-1", "b", "p", Priority.NORMAL, null, null, null, "t");
            // woken long before its 120 s are up
            await().atMost(Duration.ofSeconds(20)).until(waiting::isDone);
            assertEquals("wake-1", waiting.get().orElseThrow().worksetId());
            assertEquals(seen + 1, w.leases().acquired.get());
        } finally {
            pool.shutdownNow();
            w.deactivate();
        }
    }

    @Test
    void theConcurrencyCapCountsLockedAndInProgress() throws Exception {
        Worksets w = onItsOwnDatabase(TestDatabase.fresh(), Map.of("max.active", "2"));
        try {
            for (int i = 0; i < 3; i++) {
                w.register("cap-" + i, "b", "p", Priority.NORMAL, null, null, null, "t");
            }
            WorksetViews.Lease a = w.leases().claim("a", "t").orElseThrow();
            w.change(a.worksetId(), new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "a", a.fencingToken()), "t");
            WorksetViews.Lease b = w.leases().claim("b", "t").orElseThrow();
            assertTrue(w.leases().claim("c", "t").isEmpty(), "two are active: the cap is reached");
            assertEquals(1, w.leases().capped.get());
            w.change(a.worksetId(), new Worksets.Change(WorksetState.COMPLETE, "done", null, null, null, "a", a.fencingToken()), "t");
            assertTrue(w.leases().claim("c", "t").isPresent(), "one completed: room for one more");
            assertTrue(b.fencingToken() > 0);
        } finally {
            w.deactivate();
        }
    }

    /** 20 claimers at once against max.active = 2: never more than 2 leases. */
    @Test
    void theCapHoldsUnderConcurrentClaims() throws Exception {
        Worksets w = onItsOwnDatabase(TestDatabase.fresh(), Map.of("max.active", "2"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 30; i++) {
                w.register("cr-" + i, "b", "p", Priority.NORMAL, null, null, null, "t");
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                String owner = "c" + t;
                claims.add(pool.submit(() -> {
                    go.await();
                    return w.leases().claim(owner, owner).isPresent();
                }));
            }
            go.countDown();
            int got = 0;
            for (Future<Boolean> f : claims) {
                got += f.get() ? 1 : 0;
            }
            assertEquals(2, got);
            assertEquals(2, w.stats().leased());
            assertEquals(409, assertThrows(ApiException.class, () -> w.leases().lock("cr-29", "direct", false, "t")).status(),
                    "a direct lock takes a slot too");
        } finally {
            pool.shutdownNow();
            w.deactivate();
        }
    }

    @Test
    void theQueueHandsOutUrgentFirstThenCheapestThenOldestAndTheStatsAddUp() {
        String p = "order-" + System.nanoTime() + "-";
        register(p + "low", Priority.LOW, meta("estimated_cost", 1));
        register(p + "normal-nocost", Priority.NORMAL, null);
        register(p + "normal-cheap", Priority.NORMAL, meta("estimated_cost_usd", 5));
        register(p + "urgent-dear", Priority.URGENT, meta("estimated_cost", 100));
        register(p + "urgent-cheap", Priority.URGENT, meta("estimated_cost", 10));
        List<String> order = worksets.list(WorksetState.READY, null, 1000).stream().map(WorksetViews.Workset::worksetId)
                .filter(id -> id.startsWith(p)).map(id -> id.substring(p.length())).toList();
        assertEquals(List.of("urgent-cheap", "urgent-dear", "normal-cheap", "normal-nocost", "low"), order);
        WorksetViews.QueueStats s = worksets.stats();
        assertEquals(s.totalWorksets(), s.queueDepth().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(s.readyWorksets(), s.readyByPriority().values().stream().mapToLong(Long::longValue).sum());
    }
}
