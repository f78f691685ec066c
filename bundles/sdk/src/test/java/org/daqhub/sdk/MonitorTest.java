package org.daqhub.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daqhub.events.BadEventException;
import org.daqhub.events.JobEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.daqhub.testdb.TestDatabase;

/**
 * The SDK against daqhub's real ingestion (the events bundle's JobEvents on PostgreSQL 16), served here by the
 * JDK's HTTP server on the same path as in daqhub.
 */
class MonitorTest {
    static final TestDatabase db = TestDatabase.fresh();
    static JobEvents events;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path spool;

    @BeforeAll
    static void start() throws Exception {
        events = new JobEvents(db.bookkeeping(), Map.of());
    }

    static final java.util.concurrent.atomic.AtomicInteger batchRequests = new java.util.concurrent.atomic.AtomicInteger();

    static HttpServer ingestion(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/ingest/events", x -> {
            int status = 202;
            try {
                if (x.getRequestURI().getPath().endsWith(":batch")) {
                    List<com.fasterxml.jackson.databind.JsonNode> batch = new ArrayList<>();
                    JSON.readTree(x.getRequestBody()).forEach(batch::add);
                    batchRequests.incrementAndGet();
                    events.ingest(batch, true);
                } else {
                    events.ingest(List.of(JSON.readTree(x.getRequestBody())), false);
                }
            } catch (BadEventException e) {
                status = e.status();
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        server.start();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    Monitor monitor(int port) {
        return Monitor.builder().url("http://127.0.0.1:" + port).siteId("site1").appVersion("2.0").spoolDirectory(spool)
                .retries(2, Duration.ofMillis(20)).drainInterval(Duration.ofMillis(100)).build();
    }

    @Test
    void aJobWithASubjobEndsSucceededWithItsMetrics() throws Exception {
        int port = freePort();
        HttpServer server = ingestion(port);
        String jobId;
        String subId;
        try (Monitor monitor = monitor(port); Job job = monitor.job("reco", "daily-batch")) {
            jobId = job.id();
            job.progress(42);
            try (Job step = job.subjob("step-1")) {
                subId = step.id();
                long x = 0;
                for (int i = 0; i < 20_000_000; i++) {
                    x += i % 7; // some CPU time
                }
                assertTrue(x > 0);
            }
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("succeeded"), rows("SELECT status FROM job WHERE job_id = '" + jobId + "'"));
        assertEquals(List.of("started", "progress", "finished"),
                rows("SELECT kind FROM event WHERE entity_id = '" + jobId + "' ORDER BY event_id"));
        assertEquals(List.of(jobId + " step-1 succeeded"),
                rows("SELECT job_id || ' ' || sub_key || ' ' || status FROM subjob WHERE subjob_id = '" + subId + "'"));
        double duration = Double.parseDouble(rows("SELECT duration_s FROM job WHERE job_id = '" + jobId + "'").get(0));
        double cpu = Double.parseDouble(rows("SELECT cpu_user_s + cpu_system_s FROM subjob WHERE subjob_id = '" + subId + "'").get(0));
        double mem = Double.parseDouble(rows("SELECT mem_max_mb FROM job WHERE job_id = '" + jobId + "'").get(0));
        assertTrue(duration > 0, "duration " + duration);
        assertTrue(cpu >= 0, "cpu " + cpu);
        assertTrue(mem > 1, "peak memory " + mem);
        assertEquals(List.of("42"), rows("SELECT progress FROM job WHERE job_id = '" + jobId + "'"));
    }

    @Test
    void aFailureIsReportedAndRethrown() throws Exception {
        int port = freePort();
        HttpServer server = ingestion(port);
        String jobId;
        try (Monitor monitor = monitor(port)) {
            Job job = monitor.job("reco", "failing");
            jobId = job.id();
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (job) {
                    job.run(() -> {
                        throw new IllegalStateException("detector offline");
                    });
                }
            });
            assertEquals("detector offline", thrown.getMessage());
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("failed"), rows("SELECT status FROM job WHERE job_id = '" + jobId + "'"));
        String md = rows("SELECT metadata FROM job WHERE job_id = '" + jobId + "'").get(0);
        assertTrue(md.contains("java.lang.IllegalStateException") && md.contains("detector offline"), md);
    }

    @Test
    void whileDaqhubIsDownEventsSpoolAndArriveLaterInOrder() throws Exception {
        int port = freePort(); // nothing listens yet
        String jobId;
        try (Monitor monitor = monitor(port)) {
            try (Job job = monitor.job("reco", "offline-run")) {
                jobId = job.id();
                for (int i = 1; i <= 5; i++) {
                    job.progress(i * 10);
                }
            }
            assertEquals(7, monitor.pending());
            int batchesBefore = batchRequests.get();
            HttpServer server = ingestion(port);
            try {
                long until = System.currentTimeMillis() + 20_000;
                while (monitor.pending() > 0 && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
                assertEquals(0, monitor.pending());
                assertEquals(1, batchRequests.get() - batchesBefore); // the 7 spooled events in one request
            } finally {
                server.stop(0);
            }
        }
        assertEquals(List.of("started", "progress", "progress", "progress", "progress", "progress", "finished"),
                rows("SELECT kind FROM event WHERE entity_id = '" + jobId + "' ORDER BY event_id"));
        assertEquals(List.of("succeeded"), rows("SELECT status FROM job WHERE job_id = '" + jobId + "'"));
        assertEquals(List.of("50"), rows("SELECT progress FROM job WHERE job_id = '" + jobId + "'"));
    }

    /** A daqhub that is starting answers 404 until its ingestion endpoint is registered: that is not a refusal. */
    @Test
    void notFoundWhileDaqhubStartsKeepsTheEventsForLater() throws Exception {
        int port = freePort();
        HttpServer starting = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        starting.createContext("/", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        starting.start();
        String jobId;
        try (Monitor monitor = monitor(port)) {
            try (Job job = monitor.job("reco", "starting-run")) {
                jobId = job.id();
            }
            assertEquals(2, monitor.pending());
            starting.stop(0);
            HttpServer server = ingestion(port);
            try {
                long until = System.currentTimeMillis() + 20_000;
                while (monitor.pending() > 0 && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
            } finally {
                server.stop(0);
            }
        }
        assertEquals(List.of("started", "finished"),
                rows("SELECT kind FROM event WHERE entity_id = '" + jobId + "' ORDER BY event_id"));
    }

    /**
     * One bad event in the spool: its batch is refused, so the events go one by one and only it goes to the
     * dead-letter file, with daqhub's answer.
     */
    @Test
    void aBadSpooledEventIsDeadLetteredAloneWhenTheBatchIsRefused() throws Exception {
        int port = freePort();
        String jobId;
        try (Monitor monitor = monitor(port)) {
            try (Job job = monitor.job("reco", "bad-in-spool")) {
                jobId = job.id();
            }
            assertEquals(2, monitor.pending());
        }
        // an event from a clock far ahead (422) that sorts before the job's two
        java.nio.file.Files.writeString(spool.resolve("00000000000000000000-skewed.json"),
                "{\"idempotency_key\":\"skewed\",\"site_id\":\"site1\",\"app\":{\"name\":\"reco\"},\"entity\":"
                        + "{\"type\":\"job\",\"id\":\"skewed-job\"},\"event\":{\"kind\":\"started\",\"at\":\"2099-01-01T00:00:00Z\"}}");
        HttpServer server = ingestion(port);
        try (Monitor monitor = monitor(port)) {
            assertEquals(3, monitor.pending());
            long until = System.currentTimeMillis() + 20_000;
            while (monitor.pending() > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals(0, monitor.pending());
            assertEquals(1, monitor.deadLettered());
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("started", "finished"),
                rows("SELECT kind FROM event WHERE entity_id = '" + jobId + "' ORDER BY event_id"));
        assertEquals(List.of(), rows("SELECT kind FROM event WHERE entity_id = 'skewed-job'"));
        List<String> dead = java.nio.file.Files.readAllLines(spool.resolve("dead-letter.jsonl"));
        assertEquals(1, dead.size(), dead.toString());
        assertEquals("skewed", JSON.readTree(dead.get(0)).path("event").path("idempotency_key").asText());
        assertEquals(422, JSON.readTree(dead.get(0)).path("status").asInt());
    }
}
