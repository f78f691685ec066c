package org.daqhub.notify.email;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.Message;
import javax.mail.internet.MimeMessage;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.ChannelRunnerConfig;
import org.daqhub.api.notify.Notification;
import org.daqhub.core.notify.OutboxHarness;
import org.daqhub.metatype.MetatypeCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The platform's outbox on a real PostgreSQL delivering through this channel to a real SMTP server (GreenMail):
 * one mail per key with the key in its headers, a refused login final at once, nothing lost while the server is down
 * across a daqhub restart, and configuration mistakes named.
 */
class EmailDeliveryTest {
    static final String PID = "org.daqhub.notify.email";
    int port;
    GreenMail smtp;
    OutboxHarness harness;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = smtp();
        harness = new OutboxHarness();
    }

    GreenMail smtp() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    @AfterEach
    void stop() {
        harness.close();
        smtp.stop();
    }

    Map<String, Object> channel(String name, Object... more) {
        Object[] kv = Arrays.copyOf(new Object[] { "smtp.port", String.valueOf(port), "security", "none", "from",
                "daqhub@facility.example", "to", "ops@facility.example, beamline@facility.example" }, 8 + more.length);
        System.arraycopy(more, 0, kv, 8, more.length);
        return OutboxHarness.channel(PID, name, kv);
    }

    void add(Map<String, Object> props) {
        harness.add(new EmailChannel(props), props);
    }

    static Notification note(String severity, String subject) {
        return new Notification(severity, subject, "ws-001 stopped in step align", Instant.parse("2026-12-01T10:00:00Z"),
                Map.of("event_type", "error", "workset_id", "ws-001"));
    }

    @Test
    void oneMailPerKeyToEveryRecipientWithTheKeyInItsHeaders() throws Exception {
        add(channel("ops"));
        assertEquals(1, harness.outbox().notify("workset/ws-001/error/1", note("critical", "ws-001 failed")));
        assertEquals(0, harness.outbox().notify("workset/ws-001/error/1", note("critical", "ws-001 failed")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, smtp.getReceivedMessages().length));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(2, smtp.getReceivedMessages().length, "one copy per recipient, once"));
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("[daqhub] CRITICAL: ws-001 failed", m.getSubject());
        assertEquals("workset/ws-001/error/1", m.getHeader("X-Daqhub-Notification-Key")[0]);
        assertEquals("daqhub@facility.example", m.getFrom()[0].toString());
        assertEquals(Set.of("ops@facility.example", "beamline@facility.example"), Set.of(
                m.getRecipients(Message.RecipientType.TO)[0].toString(), m.getRecipients(Message.RecipientType.TO)[1].toString()));
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(body.startsWith("ws-001 stopped in step align\n"), body);
        assertTrue(body.contains("workset_id: ws-001\n") && body.contains("time: 2026-12-01T10:00:00Z\n"), body);
        assertTrue(m.getMessageID().matches("<[0-9a-f]{32}@daqhub>"), m.getMessageID());
        assertEquals(m.getMessageID(), new EmailChannel(channel("again")).message(new Notification("critical", "x", "",
                Instant.now(), Map.of("notification_key", "workset/ws-001/error/1"))).getMessageID(), "the key decides it");
        assertEquals(List.of("sent"), harness.attempts("workset/ws-001/error/1"));
    }

    @Test
    void aRefusedLoginFailsAtOnceAndIsAudited() throws Exception {
        smtp.stop();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                        .withUser("daqhub", "right"));
        smtp.start();
        add(channel("ops", "username", "daqhub", "password", "wrong"));
        harness.outbox().notify("bad-login", note("warning", "refused"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("failed:535"), harness.attempts("bad-login")));
        assertEquals(0, smtp.getReceivedMessages().length);
        add(channel("ops", "username", "daqhub", "password", "right"));
        harness.outbox().notify("good-login", note("warning", "accepted"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, smtp.getReceivedMessages().length));
    }

    @Test
    void mailsQueuedWhileTheServerIsDownAreSentOnceAfterADaqhubRestart() throws Exception {
        harness.close();
        harness = new OutboxHarness(OutboxHarness.patient()); // the server stays away longer than the fast retries last
        smtp.stop();
        Map<String, Object> props = channel("ops", "to", "ops@facility.example");
        add(props);
        for (int i = 0; i < 10; i++) {
            harness.outbox().notify("outage-" + i, note("warning", "n" + i));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(harness.attempts("outage-0").contains("retry")));
        harness.restart();
        smtp = smtp();
        add(props);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(10, smtp.getReceivedMessages().length));
        Set<String> subjects = new TreeSet<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        assertEquals(10, subjects.size(), "none twice: " + subjects);
        assertEquals(Map.of("sent", 10L), harness.outbox().counts().get("ops"));
    }

    @Test
    void configurationMistakesNameTheirKey() {
        assertEquals("security", assertThrows(InvalidConfigException.class,
                () -> EmailChannel.read(channel("x", "security", "tls"))).key());
        InvalidConfigException clear = assertThrows(InvalidConfigException.class, () -> EmailChannel.read(channel("x",
                "smtp.host", "smtp.facility.example", "username", "daqhub", "password", "secret")));
        assertTrue(clear.getMessage().contains("plain text") && !clear.getMessage().contains("secret"), clear.getMessage());
        assertEquals("to", assertThrows(InvalidConfigException.class, () -> EmailChannel.read(channel("x", "to", ""))).key());
        assertEquals("from", assertThrows(InvalidConfigException.class,
                () -> EmailChannel.read(channel("x", "from", "not an address"))).key());
    }

    @Test
    void theMetatypeDeclaresTheKeysTheChannelReads() throws Exception {
        Set<String> read = new TreeSet<>();
        EmailChannel.read(MetatypeCheck.recording(read, Map.of("from", "a@b.example", "to", "c@d.example")));
        Set<String> declared = new TreeSet<>(MetatypeCheck.metatype(EmailChannelConfig.class).keySet());
        declared.removeAll(UnknownKeys.declared(ChannelRunnerConfig.class));
        assertEquals(declared, read);
    }
}
