package org.daqhub.notify.linear;

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
 * The outbox on a real PostgreSQL creating Linear issues through this channel, against a local stand-in for Linear's
 * GraphQL endpoint (LinearStandIn): the seed's priorities, one issue per key even when an answer is lost,
 * RATELIMITED waited out, a bad key final.
 */
class LinearDeliveryTest {
    static final String PID = "org.daqhub.notify.linear";
    LinearStandIn linear;
    OutboxHarness harness;

    @BeforeEach
    void start() throws Exception {
        linear = new LinearStandIn();
        harness = new OutboxHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
        linear.close();
    }

    Map<String, Object> props(String name, Object... kv) {
        Object[] all = java.util.Arrays.copyOf(new Object[] { "url", linear.url(), "api.key", LinearStandIn.KEY, "team.id",
                LinearStandIn.TEAM, "label.ids", LinearStandIn.LABEL }, 8 + kv.length);
        System.arraycopy(kv, 0, all, 8, kv.length);
        return OutboxHarness.channel(PID, name, all);
    }

    void add(String name, Object... kv) {
        Map<String, Object> p = props(name, kv);
        harness.add(new LinearChannel(p), p);
    }

    static Notification workset(String id, String state, String type, String priority) {
        return new Notification(type.equals("error") ? "critical" : "info", "workset " + id + " is " + state, "step align failed",
                Instant.parse("2026-12-01T10:00:00Z"), Map.of("event_type", type, "workset_id", id, "priority", priority));
    }

    @Test
    void anIssueInTheTeamWithTheSeedsPriorities() throws Exception {
        add("linear");
        harness.outbox().notify("w1", workset("ws-1", "failed", "error", "urgent"));
        harness.outbox().notify("w2", workset("ws-2", "failed", "error", "normal"));
        harness.outbox().notify("w3", workset("ws-3", "complete", "completion", "normal"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(3, linear.issues.size()));
        JsonNode first = linear.issues.stream().filter(i -> i.get("title").asText().contains("ws-1")).findFirst().orElseThrow();
        assertEquals("[daqhub] workset ws-1 is failed", first.get("title").asText());
        assertEquals(LinearStandIn.TEAM, first.get("teamId").asText());
        assertEquals("[\"" + LinearStandIn.LABEL + "\"]", first.get("labelIds").toString());
        assertTrue(first.get("description").asText().contains("| workset_id | ws-1 |"), first.get("description").asText());
        assertEquals(Map.of("ws-1", 1, "ws-2", 2, "ws-3", 3), Map.of(
                "ws-1", priorityOf("ws-1"), "ws-2", priorityOf("ws-2"), "ws-3", priorityOf("ws-3")));
    }

    int priorityOf(String ws) {
        return linear.issues.stream().filter(i -> i.get("title").asText().contains(ws + " ")).findFirst().orElseThrow()
                .get("priority").asInt();
    }

    @Test
    void aCreateWhoseAnswerIsLostMakesNoSecondIssue() throws Exception {
        add("linear");
        linear.loseAnswers.set(1);
        harness.outbox().notify("lost", workset("ws-9", "failed", "error", "normal"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of("retry", "sent"), harness.attempts("lost")));
        assertEquals(1, linear.issues.size(), "the retry found the issue the lost answer had made");
    }

    @Test
    void rateLimitedIsWaitedOutAndABadKeyIsFinal() throws Exception {
        add("linear");
        linear.rateLimited.set(1);
        harness.outbox().notify("limited", workset("ws-4", "failed", "error", "normal"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of("retry:400", "sent"), harness.attempts("limited")));
        assertTrue(harness.attemptSpanSeconds("limited") >= 0.8, "the reset Linear named waited out: "
                + harness.attemptSpanSeconds("limited"));
        Map<String, Object> bad = props("bad", "api.key", "Bearer " + LinearStandIn.KEY);
        harness.add(new LinearChannel(bad), bad);
        harness.outbox().notify("refused", workset("ws-5", "failed", "error", "normal"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(harness.attempts("refused").contains("failed:400"),
                harness.attempts("refused").toString()));
    }

    @Test
    void theKeyIsASecretAndMissingSettingsAreNamed() {
        assertEquals("team.id", assertThrows(InvalidConfigException.class, () -> LinearChannel.read(Map.of("service.pid",
                PID + "~x", "api.key", "k"))).key());
        assertEquals("api.key", assertThrows(InvalidConfigException.class, () -> LinearChannel.read(Map.of("service.pid",
                PID + "~x", "team.id", "t"))).key());
        assertFalse(LinearChannel.read(props("x")).toString().contains(LinearStandIn.KEY));
    }

    @Test
    void theMetatypeDeclaresTheKeysTheChannelReads() throws Exception {
        Set<String> read = new TreeSet<>();
        LinearChannel.read(MetatypeCheck.recording(read, Map.of("api.key", "k", "team.id", "t")));
        Set<String> declared = new TreeSet<>(MetatypeCheck.metatype(LinearChannelConfig.class).keySet());
        declared.removeAll(UnknownKeys.declared(ChannelRunnerConfig.class));
        assertEquals(declared, read);
    }
}
