package org.daqhub.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.daqhub.api.notify.Notification;
import org.daqhub.core.notify.ConfiguredRoute;
import org.daqhub.core.notify.NotificationOutbox;
import org.daqhub.core.persistence.PostgresDatabase;
import org.daqhub.notify.webhook.WebhookChannel;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Notifications (-Dbench=notify): from a producer's notify() to the receiver, through the PostgreSQL outbox and the
 * webhook channel, against the raw library underneath (the JDK HttpClient posting the same JSON to the same local
 * receiver). Latency at a paced 20/s (no queueing), with group_wait 0 and 1 s (the goal: within 1 s after
 * group_wait), and throughput with everything queued at once.
 */
final class NotificationBenchmark {
    private static final int PACED = 300;
    private static final int BURST = 3000;

    private NotificationBenchmark() {
    }

    static void run() throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> expected = new ConcurrentHashMap<>(); // by key, "burst" for the burst's

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            arrived.put(key, System.nanoTime());
            ex.sendResponseHeaders(200, -1);
            ex.close();
            CountDownLatch l = expected.get(key.startsWith("dqb-") ? "burst" : key);
            if (l != null) {
                l.countDown();
            }
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (EmbeddedPostgres pg = Comparison.postgres()) {
            HikariConfig hc = new HikariConfig();
            hc.setDataSource(pg.getPostgresDatabase());
            hc.setMaximumPoolSize(8);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                NotificationOutbox outbox = new NotificationOutbox(PostgresDatabase.over(ds), Map.of("poll.interval.ms", "1000"));
                Map<String, Object> ch = new HashMap<>(Map.of("service.pid", "org.daqhub.notify.webhook~bench", "url", url,
                        "rate.per.s", "100000"));
                outbox.addChannel(new WebhookChannel(ch), ch);
                outbox.addRoute(new ConfiguredRoute(Map.of("service.pid", "org.daqhub.notify.route~grouped", "match.event_type",
                        "grouped", "channels", "bench", "group.by", "workset_id", "group.wait.s", "1")));
                HttpClient http = HttpClient.newHttpClient();
                System.out.println();
                System.out.println("## Notifications: producer -> outbox (PostgreSQL) -> webhook channel -> receiver, vs the JDK "
                        + "HttpClient posting the same JSON");
                System.out.println("| case | raw POST | daqhub | ratio |");
                System.out.println("|---|---:|---:|---:|");
                double[] rawLat = new double[PACED];
                double[] dqLat = new double[PACED];
                double[] grpLat = new double[PACED / 3];
                for (int i = 0; i < PACED; i++) { // interleaved, paced at 20/s
                    String k = "raw-" + i;
                    long t0 = System.nanoTime();
                    http.send(HttpRequest.newBuilder(URI.create(url)).header("Idempotency-Key", k)
                            .POST(HttpRequest.BodyPublishers.ofString(body(i))).build(), HttpResponse.BodyHandlers.discarding());
                    rawLat[i] = (arrived.get(k) - t0) / 1e6;
                    String dk = "dq-" + i;
                    CountDownLatch one = new CountDownLatch(1);
                    expected.put(dk, one);
                    long t1 = System.nanoTime();
                    outbox.notify(dk, note(i, "error"));
                    one.await();
                    dqLat[i] = (arrived.get(dk) - t1) / 1e6;
                    if (i % 3 == 0) {
                        String gk = "grp-" + i;
                        CountDownLatch g = new CountDownLatch(1);
                        expected.put(gk, g);
                        long t2 = System.nanoTime();
                        outbox.notify(gk, new Notification("warning", "n" + i, "x", Instant.now(),
                                Map.of("event_type", "grouped", "workset_id", "g" + i)));
                        g.await();
                        grpLat[i / 3] = (arrived.get(gk) - t2) / 1e6 - 1000;
                    }
                    Thread.sleep(50);
                }
                row("latency p50 ms (group_wait 0)", pct(rawLat, 50), pct(dqLat, 50));
                row("latency p99 ms (group_wait 0)", pct(rawLat, 99), pct(dqLat, 99));
                System.out.printf(Locale.ROOT, "| after group_wait 1 s: p50 / p99 ms | | %.1f / %.1f | |%n", pct(grpLat, 50),
                        pct(grpLat, 99));
                // throughput: the raw client posting one after another; daqhub with all queued first
                long t0 = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    http.send(HttpRequest.newBuilder(URI.create(url)).header("Idempotency-Key", "rawb-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(body(i))).build(), HttpResponse.BodyHandlers.discarding());
                }
                double rawRate = BURST / ((System.nanoTime() - t0) / 1e9);
                CountDownLatch burst = new CountDownLatch(BURST);
                expected.put("burst", burst);
                long t1 = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    outbox.notify("dqb-" + i, note(i, "error"));
                }
                burst.await();
                double dqRate = BURST / ((System.nanoTime() - t1) / 1e9);
                row("notifications/s, " + BURST + " queued at once, one channel", rawRate, dqRate);
                outbox.deactivate();
            }
        } finally {
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
    }

    private static Notification note(int i, String type) {
        return new Notification("warning", "workset ws-" + i + " failed", "step align failed", Instant.now(),
                Map.of("event_type", type, "workset_id", "ws-" + i));
    }

    private static String body(int i) {
        return "{\"severity\":\"warning\",\"subject\":\"workset ws-" + i + " failed\",\"body\":\"step align failed\",\"time\":\""
                + Instant.now() + "\",\"attributes\":{\"event_type\":\"error\",\"workset_id\":\"ws-" + i + "\"}}";
    }

    private static void row(String what, double raw, double daqhub) {
        boolean latency = what.startsWith("latency");
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", what, raw, daqhub, latency ? raw / daqhub : daqhub / raw);
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
