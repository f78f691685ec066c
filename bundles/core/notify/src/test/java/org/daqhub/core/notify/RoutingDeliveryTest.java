package org.daqhub.core.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.notify.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routes, groups, silences and repeats on the real outbox (PostgreSQL): what reaches a channel, when, and what the
 * audit says about what did not.
 */
class RoutingDeliveryTest {
    OutboxHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    OutboxHarness harness(Object... rootKv) {
        Map<String, Object> cfg = new HashMap<>(OutboxHarness.FAST);
        for (int i = 0; i < rootKv.length; i += 2) {
            cfg.put((String) rootKv[i], rootKv[i + 1]);
        }
        harness = new OutboxHarness(cfg);
        return harness;
    }

    RecordingChannel channel(String name) {
        RecordingChannel c = new RecordingChannel();
        harness.add(c, OutboxHarness.channel("org.daqhub.notify.webhook", name));
        return c;
    }

    void route(String name, Object... kv) {
        Map<String, Object> p = new HashMap<>(Map.of("service.pid", "org.daqhub.notify.route~" + name));
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        harness.outbox().addRoute(new ConfiguredRoute(p));
    }

    static Notification note(String severity, String subject, String... attrs) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < attrs.length; i += 2) {
            a.put(attrs[i], attrs[i + 1]);
        }
        return new Notification(severity, subject, "", Instant.now(), a);
    }

    @Test
    void aRouteSendsToItsChannelsAndWhatNoRouteTakesGoesToTheRoots() {
        harness("route.channels", "ops");
        RecordingChannel ops = channel("ops");
        RecordingChannel pager = channel("pager");
        route("critical", "match.severity", "critical", "channels", "pager", "continue", "true");
        route("errors", "match.event_type", "error", "channels", "ops");
        assertEquals(2, harness.outbox().notify("k1", note("critical", "disk full", "event_type", "error")));
        assertEquals(1, harness.outbox().notify("k2", note("info", "run 7 started", "event_type", "state_change")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(List.of("disk full"), pager.subjects());
            assertEquals(List.of("disk full", "run 7 started"), ops.subjects().stream().sorted().toList());
        });
    }

    @Test
    void aGroupWaitsThenGoesAsOneMessageAndLaterMembersWaitForTheGroupInterval() throws Exception {
        harness();
        RecordingChannel ops = channel("ops");
        route("by-type", "match.event_type", "error", "channels", "ops", "group.by", "event_type", "group.wait.s", "1",
                "group.interval.s", "2");
        for (int i = 0; i < 5; i++) {
            harness.outbox().notify("e" + i, note(i == 3 ? "critical" : "warning", "ws-" + i + " failed", "event_type", "error",
                    "workset_id", "ws-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, ops.got.size()));
        Notification grouped = ops.got.get(0);
        assertEquals("[5] ws-0 failed and 4 more", grouped.subject());
        assertEquals("critical", grouped.severity(), "the highest of the group");
        assertEquals("error", grouped.attributes().get("event_type"), "what every member shares");
        assertTrue(!grouped.attributes().containsKey("workset_id"), "what they do not share is left out");
        assertEquals(5, grouped.body().lines().count(), grouped.body());
        assertEquals(List.of("sent"), harness.attempts("e4"));

        harness.outbox().notify("e5", note("warning", "ws-5 failed", "event_type", "error"));
        harness.outbox().notify("e6", note("warning", "ws-6 failed", "event_type", "error"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> ops.got.size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, ops.got.size()));
        assertEquals("[2] ws-5 failed and 1 more", ops.got.get(1).subject());
    }

    @Test
    void aSilencedNotificationIsRecordedNotSentAndAfterExpiryTheNextOneIs() throws Exception {
        harness();
        RecordingChannel ops = channel("ops");
        Silences.Silence s = harness.outbox().silences().add(Matchers.parse(Map.of("instance", "sim-*")), Instant.now(),
                Instant.now().plusSeconds(3600), "tester", "detector maintenance");
        harness.outbox().notify("quiet", note("warning", "sim-1 stalled", "instance", "sim-1"));
        harness.outbox().notify("loud", note("warning", "csv-1 spooling", "instance", "csv-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(List.of("csv-1 spooling"), ops.subjects());
            assertEquals(List.of("silenced"), harness.attempts("quiet"));
        });
        assertEquals(Map.of("sent", 1L, "silenced", 1L), harness.outbox().counts().get("ops"));
        assertTrue(harness.outbox().silences().expire(s.id()));
        assertTrue(!harness.outbox().silences().expire(s.id()), "expired already");
        harness.outbox().notify("after", note("warning", "sim-1 stalled again", "instance", "sim-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, ops.got.size()));
    }

    @Test
    void aFiringAlertIsRepeatedUntilItIsResolved() throws Exception {
        harness("route.repeat.interval.s", "1");
        RecordingChannel ops = channel("ops");
        harness.outbox().notify("alert/stalled/sim-1/firing/1", note("warning", "sim-1 stalled", "alert_id",
                "stalled/sim-1", "status", "firing", "alert", "stalled", "instance", "sim-1"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertTrue(ops.got.size() >= 3, ops.subjects().toString()));
        harness.outbox().notify("alert/stalled/sim-1/resolved/1", note("info", "sim-1 alive again", "alert_id",
                "stalled/sim-1", "status", "resolved", "alert", "stalled", "instance", "sim-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(ops.subjects().contains("sim-1 alive again")));
        int after = ops.got.size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> ops.got.size() == after);
    }
}
