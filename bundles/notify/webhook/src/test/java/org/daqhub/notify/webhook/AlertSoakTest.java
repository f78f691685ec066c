package org.daqhub.notify.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.core.notify.OutboxHarness;
import org.daqhub.core.notify.PlatformAlerts;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * 1,000 platform alerts (1,000 drivers stall, then recover) through the real alert engine, the outbox on
 * PostgreSQL and this channel to a local receiver, with daqhub restarted and the receiver down in the middle:
 * every firing and every resolve arrives, none twice.
 */
class AlertSoakTest {
    static final int DRIVERS = Integer.getInteger("notify.soak.n", 1000);

    /** A thousand drivers whose frame counters the test stops and starts. */
    static final class Drivers implements RuntimeStatus {
        volatile boolean producing;
        private long tick;

        @Override
        public synchronized List<InstanceStatus> instances() {
            if (producing) {
                tick++;
            }
            List<InstanceStatus> out = new ArrayList<>(DRIVERS);
            for (int i = 0; i < DRIVERS; i++) {
                out.add(new InstanceStatus("driver", "det-" + i, "sim", "RUNNING", tick, 0, 0, 0, 0, 0, 0, 0, "", 0, 0, 0));
            }
            return out;
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    }

    HttpServer receiver(InetSocketAddress at, Map<String, AtomicInteger> got) throws Exception {
        HttpServer s = HttpServer.create(at, 0);
        s.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            got.computeIfAbsent(ex.getRequestHeaders().getFirst("Idempotency-Key"), k -> new AtomicInteger()).incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void aThousandAlertsThroughARestartAndAnOutageArriveEachOnce() throws Exception {
        Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        HttpServer server = receiver(new InetSocketAddress("127.0.0.1", 0), got);
        InetSocketAddress at = server.getAddress();
        Map<String, Object> channel = new HashMap<>(OutboxHarness.channel("org.daqhub.notify.webhook", "soak", "url",
                "http://127.0.0.1:" + at.getPort() + "/hook", "rate.per.s", "1000"));
        Map<String, Object> alertsCfg = Map.of("interval.ms", "200", "stalled.s", "1", "node", "soak");
        Drivers drivers = new Drivers();
        try (OutboxHarness harness = new OutboxHarness(OutboxHarness.patient())) {
            harness.add(new WebhookChannel(channel), channel);
            PlatformAlerts alerts = new PlatformAlerts(harness.outbox(), alertsCfg);
            alerts.addSource(drivers);
            // all stall: 1,000 firing alerts queued; some are sent, then daqhub stops mid-delivery
            await().atMost(Duration.ofSeconds(60)).until(() -> got.size() >= DRIVERS / 4);
            alerts.deactivate();
            harness.restart();
            server.stop(0); // and the receiver goes down while daqhub starts again
            harness.add(new WebhookChannel(channel), channel);
            alerts = new PlatformAlerts(harness.outbox(), alertsCfg);
            alerts.addSource(drivers);
            drivers.producing = true; // they recover while the receiver is away: 1,000 resolves queue up
            PlatformAlerts running = alerts;
            await().atMost(Duration.ofSeconds(60)).until(() -> running.firing() == 0);
            server = receiver(at, got); // the receiver is back
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertEquals(2 * DRIVERS, got.size()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2 * DRIVERS);
            List<String> twice = got.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey).toList();
            assertEquals(List.of(), twice, "sent twice");
            assertEquals(DRIVERS, got.keySet().stream().filter(k -> k.contains("/firing/")).count());
            assertEquals(DRIVERS, got.keySet().stream().filter(k -> k.contains("/resolved/")).count());
            assertTrue(harness.outbox().counts().get("soak").keySet().stream().allMatch(s -> s.equals("sent")),
                    harness.outbox().counts().toString());
            running.deactivate();
        } finally {
            server.stop(0);
        }
    }
}
