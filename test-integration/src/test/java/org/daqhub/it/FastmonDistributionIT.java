package org.daqhub.it;

import static org.daqhub.it.DaqhubDistribution.waitFor;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The distribution as a user runs it: bin/karaf as a separate process, features installed with bin/client,
 * clients in this JVM (outside OSGi) speaking plain HTTP and STOMP. Fast monitoring end to end, then a restart:
 * the bookkeeping (embedded PostgreSQL under data/) is still there.
 */
public class FastmonDistributionIT {
    private static final int HTTP = 28181;
    private static final int SSH = 28101;
    private static final int BROKER = 26616;
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(HTTP, SSH, BROKER, 25432);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private DaqhubDistribution dist;

    @Test
    public void fastMonitoringEndToEndAndAfterRestart() throws Exception {
        dist = DaqhubDistribution.copy(Paths.get("target/fastmon-dist"), PORTS, BROKER, true);
        home = dist.home();
        dist.start();
        dist.client("feature:install daqhub-fastmon daqhub-driver-tf-generator");
        waitFor(() -> get("/api/v1/subscribers").statusCode() == 200, 120, "fastmon REST API");

        HttpResponse<String> created = post("/api/v1/subscribers", "{\"subscriber_name\":\"ext\",\"fraction\":1.0}");
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals(201, post("/api/v1/subscribers", "{\"subscriber_name\":\"never\",\"fraction\":0.0}").statusCode());
        HttpResponse<String> bad = post("/api/v1/subscribers", "{\"subscriber_name\":\"x\",\"fraction\":2}");
        assertEquals(422, bad.statusCode());
        assertEquals("fraction", JSON.readTree(bad.body()).get("field").asText());
        HttpResponse<String> garbage = post("/api/v1/stf-files", "{not json");
        assertEquals(400, garbage.statusCode());
        assertEquals("body", JSON.readTree(garbage.body()).get("field").asText());

        List<JsonNode> tfs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        try (StompClient ext = new StompClient("127.0.0.1", BROKER, "karaf", "karaf");
                StompClient all = new StompClient("127.0.0.1", BROKER, "karaf", "karaf")) {
            ext.subscribe("/topic/fastmon.ext");
            all.subscribe("/topic/epictopic");
            Files.writeString(home.resolve("etc/org.daqhub.driver.tfgenerator-it.cfg"), "stf.interval.s = 0.3\n"
                    + "physics.period.s = 1.2\nphysics.periods = 2\nruns = 1\nfirst.run.number = 9100\n");
            long until = System.currentTimeMillis() + 60_000;
            while (tfs.size() < 14 && System.currentTimeMillis() < until) {
                tfs.add(body(ext.read()));
            }
            while (!states.contains("end_run") && System.currentTimeMillis() < until) {
                states.add(body(all.read()).path("msg_type").asText());
            }
        }
        assertTrue("TF notifications: " + tfs.size(), tfs.size() >= 14);
        JsonNode tf = tfs.get(0);
        assertEquals("tf_file_registered", tf.get("msg_type").asText());
        assertEquals(9100, tf.get("run_number").asLong());
        assertTrue(tf.get("tf_filename").asText().endsWith(".tf"));
        assertTrue(states.toString(), states.containsAll(List.of("start_run", "stf_gen", "pause_run", "resume_run",
                "tf_file_registered", "end_run")));

        waitFor(() -> !JSON.readTree(get("/api/v1/runs/9100").body()).path("end_time").isNull(), 30, "end of run 9100");
        JsonNode stfs = JSON.readTree(get("/api/v1/stf-files?run=9100&limit=1000").body());
        assertTrue(stfs.size() >= 2);
        JsonNode first = stfs.get(0);
        assertEquals("done", first.get("status").asText());
        HttpResponse<String> illegal = patch("/api/v1/stf-files/" + first.get("file_id").asText(),
                "{\"status\":\"registered\"}");
        assertEquals(409, illegal.statusCode());
        assertTrue(illegal.body(), illegal.body().contains("cannot change from done to registered"));
        long sent = JSON.readTree(get("/api/v1/subscribers/ext").body()).get("messages_sent").asLong();
        assertEquals(stfs.size() * 7L, sent);
        assertEquals(0, JSON.readTree(get("/api/v1/subscribers/never").body()).get("messages_sent").asLong());

        dist.stop();
        assertFalse("embedded PostgreSQL stopped with daqhub",
                Files.exists(home.resolve("data/postgres/postmaster.pid")));
        dist.start();
        waitFor(() -> get("/api/v1/runs/9100").statusCode() == 200, 120, "fastmon REST API after restart");
        JsonNode again = JSON.readTree(get("/api/v1/stf-files?run=9100&limit=1000").body());
        assertEquals(stfs.size(), again.size());
        assertEquals(sent, JSON.readTree(get("/api/v1/subscribers/ext").body()).get("messages_sent").asLong());
        assertNotNull(JSON.readTree(get("/api/v1/runs/9100").body()).get("end_time").asText(null));
        dist.stop();
    }

    private static JsonNode body(String stompFrame) throws IOException {
        int blank = stompFrame.indexOf("\n\n");
        return JSON.readTree(stompFrame.substring(blank + 2));
    }

    // ---------------------------------------------------------------- the distribution as a process

    /**
     * An external, newer Artemis (the 2.56.0 binary distribution from Maven Central, run as its own process)
     * instead of the embedded one: a distribution that boots daqhub-messaging instead of daqhub-broker, and
     * the broker's url in etc/org.daqhub.broker.cfg. Seed clients reach it over STOMP as before.
     */
    @Test
    public void anExternalArtemisIsAConfigurationChange() throws Exception {
        Path instance = createStandaloneArtemis();
        Process artemis = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .directory(instance.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("console.log").toFile())).start();
        try {
            waitFor(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", EXTERNAL_BROKER)) {
                    return true;
                }
            }, 60, "standalone Artemis on port " + EXTERNAL_BROKER);
            dist = DaqhubDistribution.copy(Paths.get("target/fastmon-dist"), PORTS, EXTERNAL_BROKER, false);
            home = dist.home();
            dist.start();
            dist.client("feature:install daqhub-fastmon daqhub-driver-tf-generator");
            waitFor(() -> get("/api/v1/subscribers").statusCode() == 200, 120, "fastmon REST API");
            assertEquals(201, post("/api/v1/subscribers", "{\"subscriber_name\":\"ext\",\"fraction\":1.0}").statusCode());
            assertFalse("no embedded broker", portOpen(BROKER));
            List<JsonNode> tfs = new ArrayList<>();
            try (StompClient ext = new StompClient("127.0.0.1", EXTERNAL_BROKER, "karaf", "karaf")) {
                ext.subscribe("/topic/fastmon.ext");
                Files.writeString(home.resolve("etc/org.daqhub.driver.tfgenerator-it.cfg"), "stf.interval.s = 0.3\n"
                        + "physics.period.s = 1\nphysics.periods = 1\nruns = 1\nfirst.run.number = 9200\n");
                long until = System.currentTimeMillis() + 60_000;
                while (tfs.size() < 7 && System.currentTimeMillis() < until) {
                    tfs.add(body(ext.read()));
                }
            }
            assertEquals(7, tfs.size());
            assertEquals(9200, tfs.get(0).get("run_number").asLong());
            assertTrue(Files.readString(instance.resolve("console.log")).contains("2.56.0"));
            dist.stop();
        } finally {
            artemis.descendants().forEach(ProcessHandle::destroyForcibly);
            artemis.destroyForcibly();
            artemis.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static final int EXTERNAL_BROKER = 27616;

    /** An external PostgreSQL is one cfg file: the embedded server is not started, the schema goes there. */
    @Test
    public void anExternalPostgresIsOneConfigFile() throws Exception {
        String url = TestPostgres.url(); // a PostgreSQL server of this test JVM, outside the distribution
        dist = DaqhubDistribution.copy(Paths.get("target/fastmon-dist"), PORTS, BROKER, true);
        home = dist.home();
        Files.writeString(home.resolve("etc/org.ops4j.datasource-daqhub.cfg"), "osgi.jdbc.driver.name = PostgreSQL JDBC Driver\n"
                + "dataSourceName = daqhub\nurl = " + url + "\nuser = postgres\npassword = \npool = hikari\nxa = false\n");
        dist.start();
        dist.client("feature:install daqhub-fastmon");
        waitFor(() -> get("/api/v1/runs").statusCode() == 200, 120, "fastmon REST API");
        assertEquals(201, post("/api/v1/runs", "{\"run_number\":9300,\"run_conditions\":{\"beam\":\"off\"}}").statusCode());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT run_conditions FROM runs WHERE run_number = 9300")) {
            assertTrue("run 9300 is in the external database", rs.next());
            assertEquals("{\"beam\":\"off\"}", rs.getString(1));
        }
        assertFalse("no embedded server", Files.exists(home.resolve("data/postgres/PG_VERSION")));
        dist.stop();
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unpacks the Artemis binary distribution and creates a broker instance: one acceptor on 127.0.0.1. */
    private static Path createStandaloneArtemis() throws Exception {
        Path dir = Paths.get("target/artemis-standalone").toAbsolutePath();
        DaqhubDistribution.delete(dir);
        Files.createDirectories(dir);
        String archive = System.getProperty("artemis.standalone.archive");
        exec(dir, "tar", "xzf", archive);
        Path dist;
        try (Stream<Path> s = Files.list(dir)) {
            dist = s.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst().orElseThrow();
        }
        Path instance = dir.resolve("broker");
        exec(dir, dist.resolve("bin/artemis").toString(), "create", instance.toString(), "--user", "karaf",
                "--password", "karaf", "--require-login", "--silent", "--no-web", "--no-amqp-acceptor",
                "--no-hornetq-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor");
        // the configuration an operator adds for the seed's STOMP clients: /topic/ and /queue/ prefixes
        Path xml = instance.resolve("etc/broker.xml");
        String cfg = Files.readString(xml);
        String patched = cfg.replace("tcp://0.0.0.0:61616?", "tcp://127.0.0.1:" + EXTERNAL_BROKER
                + "?anycastPrefix=/queue/;multicastPrefix=/topic/;");
        assertTrue("acceptor found in broker.xml", !patched.equals(cfg));
        Files.writeString(xml, patched);
        return instance;
    }

    private static void exec(Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @After
    public void cleanUp() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    // ---------------------------------------------------------------- HTTP

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP + path))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP + path))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP + path))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
