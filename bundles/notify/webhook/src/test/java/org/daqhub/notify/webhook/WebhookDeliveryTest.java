package org.daqhub.notify.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.daqhub.api.notify.Notification;
import org.daqhub.core.notify.NotificationOutbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.daqhub.core.notify.OutboxHarness;

/**
 * The platform's outbox on a real PostgreSQL delivering through this channel to a local HTTP server: sent once
 * per key, retried on 5xx after Retry-After, failed for good on 4xx, audited, routed by severity, and nothing
 * lost when daqhub stops while the receiver is down.
 */
class WebhookDeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> keys = Collections.synchronizedList(new ArrayList<>());
    /** Status codes to answer next (then 200); "503" answers with Retry-After: 1. */
    final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    OutboxHarness harness;
    NotificationOutbox outbox;

    @BeforeAll
    static void startDatabase() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Integer status = answers.poll();
            int code = status == null ? 200 : status;
            if (code == 200) {
                received.add(JSON.readTree(body));
                keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            if (code == 503) {
                ex.getResponseHeaders().add("Retry-After", "1");
            }
            byte[] out = (code == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        harness = new OutboxHarness();
        outbox = harness.outbox();
    }

    @AfterEach
    void stop() {
        harness.close();
        server.stop(0);
    }

    Map<String, Object> channel(String name, String... more) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("service.pid", "org.daqhub.notify.webhook~" + name, "url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", "rate.per.s", "100"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    void add(NotificationOutbox o, Map<String, Object> props) {
        o.addChannel(new WebhookChannel(props), props);
    }

    static Notification note(String severity, String subject) {
        return new Notification(severity, subject, "details", Instant.parse("2026-12-01T10:00:00Z"),
                Map.of("event_type", "error", "workset_id", "ws-001"));
    }

    List<String> attempts(String key) throws Exception {
        return harness.attempts(key);
    }

    @Test
    void aNotificationIsSentOnceAsJsonWithItsKeyAndARepeatedKeySendsNothing() throws Exception {
        add(outbox, channel("ops"));
        assertEquals(1, outbox.notify("workset/ws-001/error/1", note("critical", "ws-001 failed")));
        assertEquals(0, outbox.notify("workset/ws-001/error/1", note("critical", "ws-001 failed")), "the same key again");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, received.size()));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(1, received.size()));
        JsonNode n = received.get(0);
        assertEquals("critical", n.get("severity").asText());
        assertEquals("ws-001 failed", n.get("subject").asText());
        assertEquals("2026-12-01T10:00:00Z", n.get("time").asText());
        assertEquals("ws-001", n.get("attributes").get("workset_id").asText());
        assertEquals("workset/ws-001/error/1", keys.get(0));
        assertEquals(List.of("sent"), attempts("workset/ws-001/error/1"));
    }

    @Test
    void a503IsRetriedAfterItsRetryAfterAndA400FailsAtOnceBothAudited() throws Exception {
        add(outbox, channel("ops"));
        answers.add(503);
        outbox.notify("k-503", note("warning", "retried"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, received.size()));
        assertEquals(List.of("retry:503", "sent"), attempts("k-503"));
        try (Connection c = harness.database().dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT extract(epoch FROM max(at) - min(at)) FROM notify_attempt a JOIN "
                        + "notify_outbox o USING (notification_id) WHERE o.dedup_key = 'k-503'")) {
            rs.next();
            assertTrue(rs.getDouble(1) >= 0.9, "Retry-After: 1 was honoured, not the 100 ms backoff: " + rs.getDouble(1));
        }
        answers.add(400);
        outbox.notify("k-400", note("warning", "refused"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("failed:400"), attempts("k-400")));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(List.of("failed:400"), attempts("k-400"));
            assertEquals(1, received.size());
        });
        assertEquals(Map.of("sent", 1L, "failed", 1L), outbox.counts().get("ops"));
    }

    @Test
    void eachChannelGetsWhatItsRouteAcceptsAndADeadOneDoesNotDelayTheOthers() throws Exception {
        add(outbox, channel("pager", "match.severity", "critical"));
        Map<String, Object> dead = channel("dead");
        dead.put("url", "http://127.0.0.1:1/nothing-listens-here");
        add(outbox, dead);
        assertEquals(1, outbox.notify("info-1", note("info", "just so you know")), "only the dead channel takes info");
        assertEquals(2, outbox.notify("crit-1", note("critical", "wake up")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, received.size()));
        assertEquals("wake up", received.get(0).get("subject").asText());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(attempts("crit-1").contains("retry"),
                "the dead channel keeps retrying: " + attempts("crit-1")));
    }

    @Test
    void notificationsQueuedWhileTheReceiverIsDownAreSentAfterARestart() throws Exception {
        harness.close();
        harness = new OutboxHarness(OutboxHarness.patient()); // the receiver stays away longer than the fast retries last
        outbox = harness.outbox();
        server.stop(0); // the receiver is down
        Map<String, Object> props = channel("ops");
        add(outbox, props);
        for (int i = 0; i < 20; i++) {
            outbox.notify("outage-" + i, note("warning", "n" + i));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(outbox.counts().get("ops").get("pending") == 20));
        harness.restart(); // daqhub stops and starts again
        HttpServer again = HttpServer.create(server.getAddress(), 0);
        again.createContext("/hook", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        again.start();
        try {
            outbox = harness.outbox();
            add(outbox, props);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(20, received.size()));
            assertEquals(20, received.stream().map(n -> n.get("subject").asText()).distinct().count(), "none twice");
            assertEquals(Map.of("sent", 20L), outbox.counts().get("ops"));
        } finally {
            again.stop(0);
        }
    }

    @Test
    void aMistypedKeyIsNamedWithTheKeyItProbablyMeant() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            new WebhookChannel(channel("typo", "match.severty", "critical"));
        } finally {
            System.setErr(original);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("match.severty") && log.contains("match.severity"), log);
    }

    @Test
    void theMetatypeDeclaresTheKeysTheChannelAndItsRouteRead() throws Exception {
        java.util.Set<String> read = new java.util.TreeSet<>();
        WebhookChannel.read(org.daqhub.metatype.MetatypeCheck.recording(read, Map.of("url", "http://x/")));
        java.util.Set<String> declared = new java.util.TreeSet<>(org.daqhub.metatype.MetatypeCheck.metatype(
                WebhookChannelConfig.class).keySet());
        declared.removeAll(org.daqhub.api.config.UnknownKeys.declared(org.daqhub.api.notify.ChannelRunnerConfig.class));
        assertEquals(declared, read);
    }
}
