package org.daqhub.notify.sns;

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

/**
 * The outbox on a real PostgreSQL publishing through this channel to a local stand-in for SNS that verifies the SigV4
 * signature and the Publish parameters as SNS does (SnsStandIn).
 */
class SnsDeliveryTest {
    static final String PID = "org.daqhub.notify.sns";
    SnsStandIn sns;
    OutboxHarness harness;

    @BeforeEach
    void start() throws Exception {
        sns = new SnsStandIn();
        harness = new OutboxHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
        sns.close();
    }

    Map<String, Object> props(String name, Object... kv) {
        Object[] all = java.util.Arrays.copyOf(new Object[] { "endpoint", sns.endpoint(), "topic.arn", SnsStandIn.TOPIC,
                "access.key.id", SnsStandIn.KEY_ID, "secret.access.key", SnsStandIn.SECRET }, 8 + kv.length);
        System.arraycopy(kv, 0, all, 8, kv.length);
        return OutboxHarness.channel(PID, name, all);
    }

    void add(String name, Object... kv) {
        Map<String, Object> p = props(name, kv);
        harness.add(new SnsChannel(p), p);
    }

    static Notification note(String subject) {
        return new Notification("critical", subject, "step align failed", Instant.parse("2026-12-01T10:00:00Z"),
                Map.of("event_type", "error", "priority", "urgent", "workset_id", "ws-1"));
    }

    @Test
    void aSignedPublishWithTheSeedsSubjectAndAttributes() {
        add("sns");
        harness.outbox().notify("p1", note("workset ws-1 is failed: " + "x".repeat(200) + "\nsecond line"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, sns.published.size()));
        Map<String, String> p = sns.published.get(0);
        assertEquals(99, p.get("Subject").length(), p.get("Subject"));
        assertTrue(p.get("Subject").startsWith("[daqhub] CRITICAL: workset ws-1 is failed"));
        assertEquals("event_type", p.get("MessageAttributes.entry.1.Name"));
        assertEquals("error", p.get("MessageAttributes.entry.1.Value.StringValue"));
        assertEquals("urgent", p.get("MessageAttributes.entry.2.Value.StringValue"));
        assertTrue(p.get("Message").contains("workset_id: ws-1"), p.get("Message"));
        assertEquals(List.of(), sns.refusals);
    }

    @Test
    void aWrongSecretIsRefusedAsSnsRefusesItAndThatIsFinal() throws Exception {
        add("bad", "secret.access.key", "not-the-secret");
        harness.outbox().notify("bad-sig", note("refused"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("failed:403"), harness.attempts("bad-sig")));
        assertTrue(sns.refusals.get(0).startsWith("SignatureDoesNotMatch"), sns.refusals.toString());
    }

    @Test
    void throttlingIsRetriedAndAFifoTopicDropsTheRepeat() throws Exception {
        add("fifo", "topic.arn", SnsStandIn.FIFO_TOPIC);
        sns.throttle.set(1);
        harness.outbox().notify("t1", note("throttled once"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("retry:400", "sent"), harness.attempts("t1")));
        assertEquals("daqhub", sns.published.get(0).get("MessageGroupId"));
        String dedupId = sns.published.get(0).get("MessageDeduplicationId");
        assertEquals(64, dedupId.length());
        SnsChannel again = new SnsChannel(props("fifo", "topic.arn", SnsStandIn.FIFO_TOPIC));
        again.send(new Notification("critical", "throttled once", "", Instant.now(), Map.of("notification_key", "t1")));
        assertEquals(1, sns.published.size(), "the same key within 5 minutes: SNS drops it");
    }

    @Test
    void credentialsAndTheTopicAreCheckedAndTheSecretNeverShown() {
        assertEquals("topic.arn", assertThrows(InvalidConfigException.class, () -> SnsChannel.read(Map.of("service.pid",
                PID + "~x", "topic.arn", "daqhub-alerts"), Map.of())).key());
        InvalidConfigException noKey = assertThrows(InvalidConfigException.class, () -> SnsChannel.read(Map.of("service.pid",
                PID + "~x", "topic.arn", SnsStandIn.TOPIC), Map.of()));
        assertEquals("access.key.id", noKey.key());
        SnsChannel.Config fromEnv = SnsChannel.read(Map.of("service.pid", PID + "~x", "topic.arn", SnsStandIn.TOPIC),
                Map.of("AWS_ACCESS_KEY_ID", SnsStandIn.KEY_ID, "AWS_SECRET_ACCESS_KEY", SnsStandIn.SECRET));
        assertEquals("eu-west-1", fromEnv.region(), "the topic ARN's");
        assertFalse(fromEnv.toString().contains(SnsStandIn.SECRET), fromEnv.toString());
    }

    @Test
    void theMetatypeDeclaresTheKeysTheChannelReads() throws Exception {
        Set<String> read = new TreeSet<>();
        SnsChannel.read(MetatypeCheck.recording(read, Map.of("topic.arn", SnsStandIn.TOPIC, "access.key.id", "a",
                "secret.access.key", "b")), Map.of());
        Set<String> declared = new TreeSet<>(MetatypeCheck.metatype(SnsChannelConfig.class).keySet());
        declared.removeAll(UnknownKeys.declared(ChannelRunnerConfig.class));
        assertEquals(declared, read);
    }
}
