package org.daqhub.sdk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Events that daqhub keeps failing or refuses go to the dead-letter file and do not hold up the others. daqhub's
 * own ingestion answers a client's mistake with 4xx, so a stand-in on the same paths plays a server with an
 * event it cannot store: it answers 500 to every request that holds an event with progress {@value #FAILING}.
 */
class DeadLetterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FAILING = 666;
    static final int REFUSED = 422;
    static final String FAILURE_ANSWER = "{\"error\":\"internal error, see the log for id 42\"}";
    static final String REFUSAL_ANSWER = "{\"error\":\"bad progress\",\"field\":\"event.metrics.progress\"}";
    static final Logger EMITTER_LOG = Logger.getLogger(HttpEmitter.class.getName());

    @TempDir
    Path spool;

    HttpServer server;
    int port;
    /** Events stored by the stand-in, in arrival order, as "kind" or "progress:<value>". */
    final List<String> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger singleRequests = new AtomicInteger();
    /** While set, the stand-in answers 503 to everything, as daqhub does while its database is down. */
    final AtomicBoolean failEverything = new AtomicBoolean();
    /**
     * Ends {@link #failEverything} at the next batch request, the start of a drain: a server that recovers
     * between two events of one drain would make the SDK take the earlier ones for bad events.
     */
    final AtomicBoolean recoverAtNextBatch = new AtomicBoolean();
    final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    final Handler warningsHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EMITTER_LOG.addHandler(warningsHandler);
    }

    @AfterEach
    void stop() {
        EMITTER_LOG.removeHandler(warningsHandler);
        if (server != null) {
            server.stop(0);
        }
    }

    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/ingest/events", this::ingest);
        server.start();
    }

    private void ingest(HttpExchange x) throws IOException {
        JsonNode body = JSON.readTree(x.getRequestBody());
        List<JsonNode> events = new ArrayList<>();
        if (x.getRequestURI().getPath().endsWith(":batch")) {
            body.forEach(events::add);
            if (recoverAtNextBatch.getAndSet(false)) {
                failEverything.set(false);
            }
        } else {
            singleRequests.incrementAndGet();
            events.add(body);
        }
        List<Double> progress = events.stream().map(e -> e.path("event").path("metrics").path("progress").asDouble()).toList();
        if (failEverything.get()) {
            answer(x, 503, "{\"error\":\"database unavailable\"}");
        } else if (progress.contains((double) FAILING)) {
            answer(x, 500, FAILURE_ANSWER); // nothing of the batch is stored
        } else if (progress.contains((double) REFUSED)) {
            answer(x, 422, REFUSAL_ANSWER);
        } else {
            for (JsonNode e : events) {
                JsonNode p = e.path("event").path("metrics").path("progress");
                stored.add(p.isMissingNode() ? e.path("event").path("kind").asText() : "progress:" + p.asInt());
            }
            answer(x, 202, "{}");
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    Monitor monitor() {
        return Monitor.builder().url("http://127.0.0.1:" + port).siteId("site1").spoolDirectory(spool)
                .retries(1, Duration.ofMillis(10)).drainInterval(Duration.ofMillis(50)).deadLetterAfter(3).build();
    }

    List<JsonNode> deadLetters() throws IOException {
        Path file = spool.resolve("dead-letter.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    long deadLetterWarnings() {
        return warnings.stream().filter(r -> r.getMessage().contains("dead-letter.jsonl")).count();
    }

    @Test
    void anEventThatKeepsFailingIsDeadLetteredAndTheEventsAfterItArriveInOrder() throws Exception {
        startServer();
        try (Monitor monitor = monitor()) {
            try (Job job = monitor.job("reco", "poisoned-run")) {
                job.progress(10);
                job.progress(FAILING); // answered 500: spooled, and every later event joins the spool behind it
                job.progress(30);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertEquals(List.of("started", "progress:10", "progress:30", "finished"), stored));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, monitor.pending()));
            assertEquals(1, monitor.deadLettered());
            // logged once, and not again at later drains
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> deadLetterWarnings() == 1);
        }
        List<JsonNode> dead = deadLetters();
        assertEquals(1, dead.size(), dead.toString());
        JsonNode line = dead.get(0);
        assertEquals(FAILING, line.path("event").path("event").path("metrics").path("progress").asInt(), line.toString());
        assertEquals("poisoned-run", line.path("event").path("entity").path("business_key").asText());
        assertEquals(500, line.path("status").asInt());
        assertEquals(FAILURE_ANSWER, line.path("answer").asText());
        Instant.parse(line.path("at").asText());
    }

    @Test
    void aRefusedEventGoesToTheDeadLetterFileAtOnce() throws Exception {
        startServer();
        try (Monitor monitor = monitor(); Job job = monitor.job("reco", "refused-run")) {
            job.progress(REFUSED);
            job.progress(30);
            assertEquals(1, monitor.deadLettered());
            assertEquals(0, monitor.pending());
        }
        assertEquals(List.of("started", "progress:30", "finished"), stored);
        List<JsonNode> dead = deadLetters();
        assertEquals(1, dead.size(), dead.toString());
        assertEquals(REFUSED, dead.get(0).path("event").path("event").path("metrics").path("progress").asInt());
        assertEquals(422, dead.get(0).path("status").asInt());
        assertEquals(REFUSAL_ANSWER, dead.get(0).path("answer").asText());
        assertEquals(1, deadLetterWarnings());
    }

    /** Every event failing is daqhub's fault, not theirs: they wait, however often it answers 5xx. */
    @Test
    void whileDaqhubFailsEveryEventNoneIsDeadLettered() throws Exception {
        failEverything.set(true);
        startServer();
        try (Monitor monitor = monitor()) {
            try (Job job = monitor.job("reco", "database-down")) {
                job.progress(10);
            }
            assertEquals(3, monitor.pending());
            // the first event was posted alone when emitted; three more alone: the spooled batch, answered 5xx
            // three times (the bound), has been sent event by event
            await().atMost(Duration.ofSeconds(20)).until(() -> singleRequests.get() >= 4);
            assertEquals(0, monitor.deadLettered());
            assertEquals(3, monitor.pending());
            recoverAtNextBatch.set(true);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertEquals(List.of("started", "progress:10", "finished"), stored));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, monitor.pending()));
            assertEquals(0, monitor.deadLettered());
        }
        assertFalse(Files.exists(spool.resolve("dead-letter.jsonl")));
        assertEquals(0, deadLetterWarnings());
    }

    /** Connection failures never count towards the bound: a daqhub that is down makes the SDK wait, nothing else. */
    @Test
    void anOutageLongerThanTheBoundDeadLettersNothing() throws Exception {
        try (Monitor monitor = monitor()) { // nothing listens on the port yet
            try (Job job = monitor.job("reco", "offline-run")) {
                job.progress(10);
            }
            // drains every 50 ms: many more failed attempts than the bound of 3
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> monitor.pending() == 3);
            assertEquals(0, monitor.deadLettered());
            startServer();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertEquals(List.of("started", "progress:10", "finished"), stored));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, monitor.pending()));
            assertEquals(0, monitor.deadLettered());
        }
        assertTrue(deadLetters().isEmpty());
    }
}
