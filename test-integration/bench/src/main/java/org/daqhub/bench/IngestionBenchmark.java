package org.daqhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.it.DaqhubDistribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Job-event ingestion in the running distribution (bin/karaf as its own process with daqhub-events, its
 * embedded PostgreSQL, Jetty): JSON over HTTP from this JVM, single posts, batches of 100 and 20 concurrent
 * clients, with each request's latency. Against the same rows written straight into that PostgreSQL with plain
 * JDBC: an {@code INSERT … ON CONFLICT DO NOTHING} of the event and an {@code INSERT … ON CONFLICT DO UPDATE}
 * of its job, per request one transaction (JDBC batch for the batches), as many connections as clients.
 */
final class IngestionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(38181, 38101, 36616, 35432);
    private static final AtomicLong SEQ = new AtomicLong();

    private IngestionBenchmark() {
    }

    /** One case: requests per client, events per request, clients. */
    record Case(String name, int requestsPerClient, int eventsPerRequest, int clients) {
        int events() {
            return requestsPerClient * eventsPerRequest * clients;
        }
    }

    /** Events/s and the latency of one request (p50, p95 in ms). */
    record Rate(double eventsPerSecond, double p50, double p95) {
    }

    static void run() throws Exception {
        try (DaqhubDistribution dist = DaqhubDistribution.copy(Paths.get("target/ingest-dist"), PORTS, PORTS.broker(), true)) {
            dist.start();
            dist.client("feature:install daqhub-events");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + PORTS.http();
            long until = System.currentTimeMillis() + 180_000;
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/v1/healthz"))
                            .header("Authorization", DaqhubDistribution.DEMO_AUTH).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not up yet
                }
                if (System.currentTimeMillis() > until) {
                    throw new IllegalStateException("daqhub-events did not come up; see " + dist.home().resolve("console.log"));
                }
                Thread.sleep(500);
            }
            String jdbc = "jdbc:postgresql://127.0.0.1:" + PORTS.postgres() + "/daqhub";
            List<Case> cases = List.of(new Case("single posts, 1 client", 1500, 1, 1),
                    new Case("batches of 100, 1 client", 200, 100, 1),
                    new Case("single posts, 20 concurrent clients", 150, 1, 20),
                    new Case("batches of 100, 20 concurrent clients", 40, 100, 20));
            String password = dist.postgresPassword();
            RawIngestServer rawHttp = new RawIngestServer(jdbc, "postgres", password);
            ClientFactory servlet = () -> new HttpIngestClient(http, rawHttp.base, "/raw/event", "/raw/events", null);
            java.util.regex.Matcher tm = java.util.regex.Pattern.compile("(dqh_[A-Za-z0-9_-]{43})")
                    .matcher(dist.client("daqhub:token-create bench operator"));
            if (!tm.find()) {
                throw new IllegalStateException("daqhub:token-create printed no token");
            }
            String token = tm.group(1);
            // every path at full load for a while first: Karaf's JIT (Jetty, Jackson, the driver) and PostgreSQL's caches
            for (int w = 0; w < 3; w++) {
                measure(new Case("warm-up", 50, 100, 20), () -> new HttpIngestClient(http, base, token));
                measure(new Case("warm-up", 50, 100, 20), () -> new RawClient(jdbc, password));
                measure(new Case("warm-up", 50, 100, 20), servlet);
            }
            System.out.println();
            System.out.println("## Job-event ingestion: daqhub (JAX-RS + JSON + validation + PostgreSQL 16, in the distribution) "
                    + "vs a raw servlet + Jackson + JDBC (Jetty 9.4 in this JVM) and plain JDBC into the same server");
            System.out.println("| case | events | raw JDBC events/s | raw servlet events/s | daqhub events/s | daqhub / servlet "
                    + "| daqhub / JDBC | daqhub p50 ms | daqhub p95 ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            java.util.Map<String, Double> without = new java.util.HashMap<>();
            for (Case c : cases) {
                double[] raw = new double[3];
                double[] viaServlet = new double[3];
                Rate[] daq = new Rate[3];
                for (int r = -1; r < 3; r++) {
                    double x = measure(c, () -> new RawClient(jdbc, password)).eventsPerSecond();
                    double s = measure(c, servlet).eventsPerSecond();
                    Rate y = measure(c, () -> new HttpIngestClient(http, base, token));
                    if (r >= 0) {
                        raw[r] = x;
                        viaServlet[r] = s;
                        daq[r] = y;
                    }
                }
                Arrays.sort(daq, (a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond()));
                double rawMedian = Comparison.median(raw);
                double servletMedian = Comparison.median(viaServlet);
                Rate m = daq[1];
                without.put(c.name(), m.eventsPerSecond());
                System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.1f | %.1f |%n", c.name(),
                        c.events(), rawMedian, servletMedian, m.eventsPerSecond(), m.eventsPerSecond() / servletMedian,
                        m.eventsPerSecond() / rawMedian, m.p50(), m.p95());
            }
            withAnIntegration(dist, http, base, token, cases, without);
            var health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/healthz"))
                    .header("Authorization", DaqhubDistribution.DEMO_AUTH).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            System.out.println("daqhub /v1/healthz after the run: events_processed " + health.path("events_processed")
                    + ", events_rejected " + health.path("events_rejected"));
            rawHttp.close();
            dist.stop();
        }
    }

    /**
     * The same cases with the jsonl integration installed: each call then also writes its events into the export
     * outbox in its transaction, and a runner exports them to the file. Prints the ingestion rate against the one
     * without, and how long the runner needed to empty the outbox after the last case.
     */
    private static void withAnIntegration(DaqhubDistribution dist, HttpClient http, String base, String token,
            List<Case> cases, java.util.Map<String, Double> without) throws Exception {
        dist.client("feature:install daqhub-monitor-jsonl");
        long until = System.currentTimeMillis() + 60_000;
        while (JSON.readTree(get(http, base + "/v1/integrations")).path("total").asInt() < 1) {
            if (System.currentTimeMillis() > until) {
                throw new IllegalStateException("the jsonl integration did not attach");
            }
            Thread.sleep(200);
        }
        measure(new Case("warm-up", 50, 100, 20), () -> new HttpIngestClient(http, base, token));
        System.out.println();
        System.out.println("## The same with the jsonl integration installed (events queued in the export outbox in the "
                + "ingesting transaction, exported to data/monitoring by the platform's runner)");
        System.out.println("| case | daqhub events/s with the integration | without (above) | with / without | daqhub p50 ms "
                + "| daqhub p95 ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Case c : cases) {
            Rate[] daq = new Rate[3];
            for (int r = 0; r < 3; r++) {
                daq[r] = measure(c, () -> new HttpIngestClient(http, base, token));
            }
            Arrays.sort(daq, (a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond()));
            Rate m = daq[1];
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.1f | %.1f |%n", c.name(), m.eventsPerSecond(),
                    without.get(c.name()), m.eventsPerSecond() / without.get(c.name()), m.p50(), m.p95());
        }
        long t0 = System.nanoTime();
        long waiting;
        while ((waiting = JSON.readTree(get(http, base + "/v1/healthz")).path("spool_count").asLong()) > 0) {
            Thread.sleep(50);
        }
        var jsonl = JSON.readTree(get(http, base + "/v1/integrations")).path("states");
        System.out.printf(Locale.ROOT, "the outbox was empty %.1f s after the last case (waiting: %d); integrations: %s%n",
                (System.nanoTime() - t0) / 1e9, waiting, jsonl);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", DaqhubDistribution.DEMO_AUTH)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    interface Client extends AutoCloseable {
        /** What {@link #send} takes for these events, made before the clock starts (e.g. the JSON body). */
        Object prepare(List<ObjectNode> events) throws Exception;

        /** Sends one request; throws when it was refused. */
        void send(Object prepared) throws Exception;

        @Override
        void close() throws Exception;
    }

    interface ClientFactory {
        Client open() throws Exception;
    }

    /** All clients at once, each with its own connection; events/s over the whole run, latency per request. */
    static Rate measure(Case c, ClientFactory factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(c.clients());
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < c.clients(); i++) {
            clients.add(factory.open());
        }
        List<List<Object>> work = new ArrayList<>();
        for (int i = 0; i < c.clients(); i++) {
            List<Object> requests = new ArrayList<>();
            for (int r = 0; r < c.requestsPerClient(); r++) {
                requests.add(clients.get(i).prepare(events(c.eventsPerRequest())));
            }
            work.add(requests);
        }
        long[] latencies = new long[c.requestsPerClient() * c.clients()];
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < c.clients(); i++) {
            int client = i;
            done.add(pool.submit(() -> {
                for (int r = 0; r < c.requestsPerClient(); r++) {
                    long s = System.nanoTime();
                    clients.get(client).send(work.get(client).get(r));
                    latencies[client * c.requestsPerClient() + r] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        for (Client cl : clients) {
            cl.close();
        }
        Arrays.sort(latencies);
        return new Rate(c.events() / seconds, latencies[latencies.length / 2] / 1e6,
                latencies[(int) Math.ceil(latencies.length * 0.95) - 1] / 1e6);
    }

    /** A job's life in threes (started, progress, finished with metrics), as the SDK sends it. */
    static List<ObjectNode> events(int n) {
        List<ObjectNode> out = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            long seq = SEQ.getAndIncrement();
            String job = "bench-" + ProcessHandle.current().pid() + "-" + (seq / 3);
            String kind = switch ((int) (seq % 3)) {
                case 0 -> "started";
                case 1 -> "progress";
                default -> "finished";
            };
            ObjectNode e = JSON.createObjectNode();
            e.put("idempotency_key", job + "-" + kind);
            e.put("site_id", "bench-site");
            e.putObject("app").put("app_id", "bench-app").put("name", "bench").put("version", "1");
            e.putObject("entity").put("type", "job").put("id", job).put("business_key", "batch-" + (seq % 50));
            ObjectNode ev = e.putObject("event").put("kind", kind).put("at", now.toString());
            ObjectNode metrics = ev.putObject("metrics");
            if (kind.equals("progress")) {
                metrics.put("progress", 50);
            } else if (kind.equals("finished")) {
                ev.put("status", "succeeded");
                metrics.put("duration_s", 12.5).put("cpu_user_s", 10.1).put("cpu_system_s", 0.4).put("mem_max_mb", 512);
            }
            out.add(e);
        }
        return out;
    }

    /** POST of one event or a JSON array of events to daqhub (/v1/ingest/events[:batch]) or the raw servlet; 200 expected. */
    static final class HttpIngestClient implements Client {
        private final HttpClient http;
        private final String base;
        private final String single;
        private final String batch;
        private final String authorization;

        /** daqhub, with an API token as the SDK sends it. */
        HttpIngestClient(HttpClient http, String base, String token) {
            this(http, base, "/v1/ingest/events", "/v1/ingest/events:batch", "Bearer " + token);
        }

        HttpIngestClient(HttpClient http, String base, String single, String batch, String authorization) {
            this.http = http;
            this.base = base;
            this.single = single;
            this.batch = batch;
            this.authorization = authorization;
        }

        @Override
        public Object prepare(List<ObjectNode> events) throws Exception {
            if (events.size() == 1) {
                return new String[] { single, JSON.writeValueAsString(events.get(0)) };
            }
            ArrayNode arr = JSON.createArrayNode();
            arr.addAll(events);
            return new String[] { batch, JSON.writeValueAsString(arr) };
        }

        @Override
        public void send(Object prepared) throws Exception {
            String path = ((String[]) prepared)[0];
            String body = ((String[]) prepared)[1];
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(b
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
        }

        @Override
        public void close() {
        }
    }

    /** The same rows by hand: event insert and job upsert per event, one transaction per request. */
    static final class RawClient implements Client {
        private final Connection c;
        private final PreparedStatement event;
        private final PreparedStatement job;

        RawClient(String url, String password) throws Exception {
            c = DriverManager.getConnection(url, "postgres", password);
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO app (app_id, name, version) VALUES ('bench-raw', 'bench', '1') ON CONFLICT DO NOTHING");
            }
            c.commit();
            event = c.prepareStatement(EVENT_SQL);
            job = c.prepareStatement(JOB_SQL);
        }

        static final String EVENT_SQL = "INSERT INTO event (idempotency_key, at, entity_type, entity_id, app_id, site_id, "
                + "kind, status, payload) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO NOTHING";
        static final String JOB_SQL = "INSERT INTO job AS t (job_id, app_id, site_id, job_key, status, started_at, ended_at, "
                + "duration_s, cpu_user_s, cpu_system_s, mem_max_mb, progress) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, "
                + "started_at = COALESCE(t.started_at, EXCLUDED.started_at), ended_at = COALESCE(EXCLUDED.ended_at, t.ended_at), "
                + "duration_s = COALESCE(EXCLUDED.duration_s, t.duration_s), cpu_user_s = COALESCE(EXCLUDED.cpu_user_s, t.cpu_user_s), "
                + "cpu_system_s = COALESCE(EXCLUDED.cpu_system_s, t.cpu_system_s), mem_max_mb = COALESCE(EXCLUDED.mem_max_mb, t.mem_max_mb), "
                + "progress = COALESCE(EXCLUDED.progress, t.progress), updated_at = now()";

        /** Adds one event's two rows to the statements' batches; ids get {@code prefix} so paths never collide. */
        static void bind(PreparedStatement event, PreparedStatement job, com.fasterxml.jackson.databind.JsonNode e,
                String prefix) throws java.sql.SQLException {
            var ev = e.get("event");
            var m = ev.get("metrics");
            String id = prefix + e.get("entity").get("id").asText();
            Timestamp at = Timestamp.from(Instant.parse(ev.get("at").asText()));
            String kind = ev.get("kind").asText();
            event.setString(1, prefix + e.get("idempotency_key").asText());
            event.setTimestamp(2, at);
            event.setString(3, "job");
            event.setString(4, id);
            event.setString(5, "bench-raw");
            event.setString(6, e.get("site_id").asText());
            event.setString(7, kind);
            event.setString(8, ev.path("status").asText(null));
            event.setString(9, e.toString());
            event.addBatch();
            job.setString(1, id);
            job.setString(2, "bench-raw");
            job.setString(3, e.get("site_id").asText());
            job.setString(4, e.get("entity").get("business_key").asText());
            job.setString(5, kind.equals("finished") ? "succeeded" : "running");
            job.setTimestamp(6, kind.equals("started") ? at : null);
            job.setTimestamp(7, kind.equals("finished") ? at : null);
            setDouble(job, 8, m, "duration_s");
            setDouble(job, 9, m, "cpu_user_s");
            setDouble(job, 10, m, "cpu_system_s");
            setDouble(job, 11, m, "mem_max_mb");
            setDouble(job, 12, m, "progress");
            job.addBatch();
        }

        @Override
        public Object prepare(List<ObjectNode> events) {
            return events;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void send(Object prepared) throws Exception {
            for (ObjectNode e : (List<ObjectNode>) prepared) {
                bind(event, job, e, "raw-");
            }
            event.executeBatch();
            job.executeBatch();
            c.commit();
        }

        private static void setDouble(PreparedStatement st, int i, com.fasterxml.jackson.databind.JsonNode m, String name)
                throws java.sql.SQLException {
            if (m.has(name)) {
                st.setDouble(i, m.get(name).asDouble());
            } else {
                st.setNull(i, java.sql.Types.DOUBLE);
            }
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }
}
