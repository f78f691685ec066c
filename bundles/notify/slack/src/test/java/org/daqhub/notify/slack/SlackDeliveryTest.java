package org.daqhub.notify.slack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.ChannelRunnerConfig;
import org.daqhub.api.notify.Notification;
import org.daqhub.core.notify.OutboxHarness;
import org.daqhub.metatype.MetatypeCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outbox on a real PostgreSQL delivering through this channel to a local stand-in for Slack's incoming webhooks
 * that checks what Slack checks (SlackStandIn): messages Slack accepts, 429 honoured, a dead hook final, the URL a
 * secret.
 */
class SlackDeliveryTest {
    static final String PID = "org.daqhub.notify.slack";
    SlackStandIn slack;
    OutboxHarness harness;

    @BeforeEach
    void start() throws Exception {
        slack = new SlackStandIn();
        harness = new OutboxHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
        slack.close();
    }

    void add(String name, Object... kv) {
        Object[] all = java.util.Arrays.copyOf(new Object[] { "url", slack.url() }, 2 + kv.length);
        System.arraycopy(kv, 0, all, 2, kv.length);
        Map<String, Object> props = OutboxHarness.channel(PID, name, all);
        harness.add(new SlackChannel(props), props);
    }

    static Notification note(String severity, String subject, String body) {
        return new Notification(severity, subject, body, Instant.parse("2026-12-01T10:00:00Z"),
                Map.of("event_type", "alert", "instance", "sim<1>"));
    }

    @Test
    void aMessageSlackAcceptsWithItsSeverityAttributesAndMention() throws Exception {
        add("daq", "mention.critical", "<!here>");
        harness.outbox().notify("k1", note("critical", "store csv is spooling", "12 frames wait in its spool & more"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, slack.accepted.size()));
        JsonNode m = slack.accepted.get(0);
        assertEquals("<!here> :red_circle: store csv is spooling", m.get("text").asText());
        assertEquals("CRITICAL: store csv is spooling", m.get("blocks").get(0).get("text").get("text").asText());
        assertEquals("<!here> 12 frames wait in its spool &amp; more", m.get("blocks").get(1).get("text").get("text").asText());
        String context = m.get("blocks").get(2).get("elements").get(0).get("text").asText();
        assertTrue(context.contains("instance: `sim&lt;1&gt;`") && !context.contains("notification_key"), context);
        assertEquals(List.of("sent"), harness.attempts("k1"));
    }

    @Test
    void aLongBodyAndSubjectStayWithinSlacksLimits() {
        add("daq");
        harness.outbox().notify("long", note("info", "s".repeat(400), "b".repeat(10_000)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, slack.accepted.size()));
        assertEquals(List.of(), slack.refusals);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndADeadHookFailsAtOnce() throws Exception {
        add("daq");
        slack.rateLimited.add(429);
        harness.outbox().notify("limited", note("warning", "busy", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("retry:429", "sent"), harness.attempts("limited")));
        assertTrue(harness.attemptSpanSeconds("limited") >= 0.9, "Retry-After: 1 waited out, not the 100 ms backoff: "
                + harness.attemptSpanSeconds("limited"));
        Map<String, Object> dead = OutboxHarness.channel(PID, "dead", "url", slack.url().replace("xoxsecretsecret", "revoked"));
        harness.add(new SlackChannel(dead), dead);
        harness.outbox().notify("gone", note("warning", "to a revoked hook", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(harness.attempts("gone").contains("failed:404"),
                harness.attempts("gone").toString()));
    }

    @Test
    void theWebhookUrlIsASecretThatNoMessageRepeats() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> SlackChannel.read(Map.of("service.pid",
                PID + "~x", "url", "hooks.slack.com/services/T0/B0/xoxsecretsecret")));
        assertEquals("url", e.key());
        assertFalse(e.getMessage().contains("xoxsecretsecret"), e.getMessage());
        assertFalse(SlackChannel.read(Map.of("service.pid", PID + "~x", "url", slack.url())).toString().contains("xoxsecret"));
    }

    @Test
    void theMetatypeDeclaresTheKeysTheChannelReads() throws Exception {
        Set<String> read = new TreeSet<>();
        SlackChannel.read(MetatypeCheck.recording(read, Map.of("url", "https://hooks.slack.com/services/x")));
        Set<String> declared = new TreeSet<>(MetatypeCheck.metatype(SlackChannelConfig.class).keySet());
        declared.removeAll(UnknownKeys.declared(ChannelRunnerConfig.class));
        assertEquals(declared, read);
    }
}
