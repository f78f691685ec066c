package org.daqhub.it;

import static org.daqhub.it.DaqhubDistribution.waitFor;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import org.daqhub.sdk.Job;
import org.daqhub.sdk.Monitor;
import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Job monitoring as a facility runs it: an application in this JVM uses the SDK jar; daqhub is the distribution
 * as a process with daqhub-events and daqhub-monitor-prometheus installed. SDK → HTTP → PostgreSQL → /v1/jobs and
 * /metrics; then daqhub is stopped while a job runs (the SDK spools), started again, and the spooled events arrive,
 * each once.
 */
public class JobMonitoringDistributionIT {
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(28281, 28201, 26716, 25532);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base = "http://127.0.0.1:" + PORTS.http();
    private static final int TLS_PORT = 28243;
    private static final int SMTP_PORT = 28225;
    private DaqhubDistribution dist;

    @Test
    public void sdkToPostgresToPrometheusAndThroughAnOutage() throws Exception {
        dist = DaqhubDistribution.copy(Paths.get("target/jobmon-dist"), PORTS, PORTS.broker(), true);
        // TLS by configuration: a self-signed certificate for 127.0.0.1 on a second, secure port
        Path keystore = dist.home().resolve("etc/daqhub-tls.p12");
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "daqhub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", "tls-it-pass", "-keypass", "tls-it-pass").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        Files.writeString(dist.home().resolve("etc/org.ops4j.pax.web.cfg"), String.join("\n",
                Files.readString(dist.home().resolve("etc/org.ops4j.pax.web.cfg")),
                "org.osgi.service.http.secure.enabled = true", "org.osgi.service.http.port.secure = " + TLS_PORT,
                "org.ops4j.pax.web.ssl.keystore = " + keystore, "org.ops4j.pax.web.ssl.keystore.type = PKCS12",
                "org.ops4j.pax.web.ssl.keystore.password = tls-it-pass", "org.ops4j.pax.web.ssl.key.password = tls-it-pass",
                ""));
        dist.start();
        dist.client("feature:install daqhub-events daqhub-monitor-prometheus");
        waitFor(() -> get("/v1/healthz").contains("\"prometheus\""), 180, "ingestion with Prometheus attached");
        httpsAnswersWithTheConfiguredCertificate(keystore);

        // the bookkeeping database takes no login without the generated superuser password
        java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + PORTS.postgres() + "/daqhub", "postgres", "").close());
        assertTrue(refused.getMessage(), refused.getMessage().contains("password"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dist.home().resolve("data/postgres.password"))));

        // the SDK's API token, as an operator makes one: shown once, first line of the command's answer
        String created = dist.client("daqhub:token-create sdk-it operator");
        java.util.regex.Matcher tm = java.util.regex.Pattern.compile("(dqh_[A-Za-z0-9_-]{43})").matcher(created);
        assertTrue(created, tm.find());
        String token = tm.group(1);
        assertTrue(dist.client("daqhub:token-list").contains("sdk-it"));
        assertFalse("the token is shown once, never listed", dist.client("daqhub:token-list").contains(token));

        // without a token daqhub answers 401: the events stay in the SDK's spool, none is stored or dead-lettered
        Path noTokenSpool = Files.createTempDirectory(Paths.get("target"), "sdk-spool-notoken");
        try (Monitor anonymous = Monitor.builder().url(base).siteId("it-site").spoolDirectory(noTokenSpool).token(null)
                .retries(1, Duration.ofMillis(10)).drainInterval(Duration.ofMillis(200)).build()) {
            try (Job job = anonymous.job("anonymous-it", "run-0")) {
                job.progress(1);
            }
            waitFor(() -> anonymous.pending() == 3, 30, "three events of the tokenless SDK spooled");
            assertEquals(0, anonymous.deadLettered());
            assertEquals(0, count("SELECT count(*) FROM app WHERE name = ?", "anonymous-it"));
        }

        Path spool = Files.createTempDirectory(Paths.get("target"), "sdk-spool");
        try (Monitor monitor = Monitor.builder().url(base).siteId("it-site").spoolDirectory(spool).token(token)
                .retries(2, Duration.ofMillis(50)).drainInterval(Duration.ofMillis(500)).build()) {
            String good;
            try (Job job = monitor.job("reco-it", "run-42")) {
                good = job.id();
                job.progress(50);
                try (Job step = job.subjob("step-1")) {
                    step.progress(100);
                }
            }
            Job failing = monitor.job("reco-it", "run-43");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> failing.run(() -> {
                        throw new IllegalStateException("detector offline");
                    }));
            assertEquals("detector offline", thrown.getMessage());
            failing.close();
            assertEquals(0, monitor.pending());

            JsonNode listing = JSON.readTree(get("/v1/jobs?app_name=reco-it"));
            JsonNode jobs = listing.get("items"); // the seed's envelope: {"items", "count", "duration_s"}
            assertEquals(listing.toString(), 2, jobs.size());
            assertEquals(listing.toString(), 2, listing.get("count").asInt());
            JsonNode ok = find(jobs, good);
            assertEquals("succeeded", ok.get("status").asText());
            assertEquals("run-42", ok.get("job_key").asText());
            assertEquals(50.0, ok.get("progress").asDouble(), 0);
            assertTrue(ok.toString(), ok.get("duration_s").asDouble() > 0 && !ok.get("cpu_user_s").isNull());
            assertEquals("failed", find(jobs, failing.id()).get("status").asText());
            JsonNode subjobs = JSON.readTree(get("/v1/subjobs?app_name=reco-it")).get("items");
            assertEquals(good, subjobs.get(0).get("job_id").asText());
            assertEquals("step-1", subjobs.get(0).get("sub_key").asText());
            JsonNode detail = JSON.readTree(get("/v1/jobs/" + good));
            assertEquals("succeeded", detail.get("status").asText());
            assertEquals(1, detail.get("subjobs").size());
            assertEquals(6, detail.get("events").size()); // the job's three and its subjob's three, in order
            assertEquals("started", detail.get("events").get(0).get("kind").asText());
            // in PostgreSQL: one row per job, every event once
            assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = ?", good));
            assertEquals(3, count("SELECT count(*) FROM event WHERE entity_id = ?", good)); // started, progress, finished
            String metrics = get("/metrics");
            assertTrue(metrics, metrics.contains("daqhub_jobs_total{entity=\"job\",status=\"succeeded\"} 1"));
            assertTrue(metrics, metrics.contains("daqhub_jobs_total{entity=\"job\",status=\"failed\"} 1"));
            assertTrue(metrics, metrics.contains("daqhub_jobs_total{entity=\"subjob\",status=\"succeeded\"} 1"));

            // daqhub goes away while a job runs: its events wait in the SDK's spool, in order
            dist.stop();
            String offline;
            try (Job job = monitor.job("reco-it", "run-44")) {
                offline = job.id();
                job.progress(10);
            }
            assertEquals(3, monitor.pending());
            dist.start();
            waitFor(() -> monitor.pending() == 0, 180, "the SDK's spool to drain into the restarted daqhub");
            JsonNode late = find(JSON.readTree(get("/v1/jobs?app_name=reco-it")).get("items"), offline);
            assertEquals("succeeded", late.get("status").asText());
            assertEquals(10.0, late.get("progress").asDouble(), 0);
            assertEquals(3, count("SELECT count(*) FROM event WHERE entity_id = ?", offline));
            assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = ?", offline));
            // the counters of the restarted daqhub saw exactly the spooled job end
            String after = get("/metrics");
            assertTrue(after, after.contains("daqhub_jobs_total{entity=\"job\",status=\"succeeded\"} 1"));
        }
        anEmailChannelSendsFromTheDistribution();
        // the health checks are a boot feature: the bookkeeping database and the broker answer, so 200
        JsonNode health = JSON.readTree(get("/api/v1/health?tags=database,broker"));
        assertEquals(health.toString(), "OK", health.get("status").asText());
        java.util.Set<String> names = new java.util.TreeSet<>();
        health.get("checks").forEach(c -> names.add(c.get("name").asText()));
        assertTrue(health.toString(), names.containsAll(java.util.Set.of("database", "broker connection")));
        dist.stop();
    }

    /** The e-mail channel hot-installed: javax.mail's providers and text handler resolve in OSGi, the mail arrives. */
    private void anEmailChannelSendsFromTheDistribution() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Files.writeString(dist.home().resolve("etc/org.daqhub.notify.email-it.cfg"), String.join("\n",
                    "smtp.port = " + SMTP_PORT, "security = none", "from = daqhub@facility.example",
                    "to = ops@facility.example", ""));
            dist.client("feature:install daqhub-notify-email");
            waitFor(() -> dist.client("daqhub:notification-test -s warning it").contains("queued test/it/"), 120,
                    "the e-mail channel to take a test notification");
            waitFor(() -> smtp.getReceivedMessages().length > 0, 60, "the test mail at the SMTP server");
            assertEquals("[daqhub] WARNING: daqhub test notification", smtp.getReceivedMessages()[0].getSubject());
            waitFor(() -> count("SELECT count(*) FROM notify_attempt WHERE outcome = 'sent' AND channel = ?", "it") == 1, 30,
                    "the send audited");
        } finally {
            smtp.stop();
        }
    }

    private static JsonNode find(JsonNode rows, String jobId) {
        for (JsonNode r : rows) {
            if (r.get("job_id").asText().equals(jobId)) {
                return r;
            }
        }
        throw new AssertionError("job " + jobId + " not in " + rows);
    }

    /** A query on the distribution's embedded PostgreSQL. */
    /** GET over TLS, trusting only the test's certificate (hostname checked against its SAN): authenticated too. */
    private void httpsAnswersWithTheConfiguredCertificate(Path keystore) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "tls-it-pass".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        URI uri = URI.create("https://127.0.0.1:" + TLS_PORT + "/v1/healthz");
        HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(uri).header("Authorization", DaqhubDistribution.DEMO_AUTH)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"service\":\"daqhub\""));
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PORTS.postgres() + "/daqhub",
                "postgres", dist.postgresPassword()); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.body();
    }

    @After
    public void cleanUp() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }
}
