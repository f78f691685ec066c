package org.daqhub.core.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.notify.Notification;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Platform alerts through the real outbox and routes: a stalled driver is one notification, its recovery another. */
class PlatformAlertsTest {
    OutboxHarness harness = new OutboxHarness();
    PlatformAlerts alerts;

    /** A plugin's status as the supervisor reports it: a driver whose frame counter the test moves. */
    static final class OneDriver implements RuntimeStatus {
        volatile long frames = 100;
        volatile boolean producing;

        @Override
        public List<InstanceStatus> instances() {
            if (producing) {
                frames++;
            }
            return List.of(new InstanceStatus("driver", "demo", "org.daqhub.driver.simulator", "RUNNING", frames, 0, 0, 0, 0, 0,
                    0, 0, "", 0, 0, 0));
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    }

    @AfterEach
    void stop() {
        alerts.deactivate();
        harness.close();
    }

    @Test
    void aStalledDriverIsNotifiedOnceAndItsRecoveryOnceThroughTheRoutes() {
        RecordingChannel pager = new RecordingChannel();
        harness.add(pager, OutboxHarness.channel("org.daqhub.notify.webhook", "pager"));
        Map<String, Object> route = new HashMap<>(Map.of("service.pid", "org.daqhub.notify.route~alerts", "match.event_type", "alert",
                "channels", "pager"));
        harness.outbox().addRoute(new ConfiguredRoute(route));
        alerts = new PlatformAlerts(harness.outbox(), Map.of("interval.ms", "100", "stalled.s", "1", "node", "n1"));
        OneDriver demo = new OneDriver();
        alerts.addSource(demo);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, pager.got.size()));
        Notification fired = pager.got.get(0);
        assertEquals("driver demo stalled", fired.subject());
        assertEquals(Map.of("alert", "stalled", "status", "firing", "instance", "demo", "kind", "driver"), Map.of("alert",
                fired.attributes().get("alert"), "status", fired.attributes().get("status"), "instance",
                fired.attributes().get("instance"), "kind", fired.attributes().get("kind")));
        assertEquals("stalled", alerts.active().get(0).rule());
        demo.frames = 101;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, pager.got.size()));
        assertEquals("driver demo alive again", pager.got.get(1).subject());
        assertEquals("resolved", pager.got.get(1).attributes().get("status"));
        assertTrue(alerts.active().isEmpty());
    }

    @Test
    void anAlertFiringWhenDaqhubStoppedResolvesAfterTheStartOnceItsConditionHas() {
        RecordingChannel ops = new RecordingChannel();
        harness.add(ops, OutboxHarness.channel("org.daqhub.notify.webhook", "ops"));
        Map<String, Object> cfg = Map.of("interval.ms", "100", "stalled.s", "1", "node", "n1");
        alerts = new PlatformAlerts(harness.outbox(), cfg);
        OneDriver demo = new OneDriver();
        alerts.addSource(demo);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, ops.got.size()));
        alerts.deactivate(); // daqhub stops while the driver is stalled
        alerts = new PlatformAlerts(harness.outbox(), cfg);
        assertEquals(List.of("n1/stalled/driver/demo"), alerts.active().stream().map(AlertRules.Active::alertId).toList(),
                "restored from the outbox");
        demo.producing = true; // it recovered meanwhile
        alerts.addSource(demo);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, ops.got.size()));
        assertEquals("resolved", ops.got.get(1).attributes().get("status"));
        assertEquals(1, ops.got.stream().filter(n -> "firing".equals(n.attributes().get("status"))).count(), "not fired again");
    }
}
