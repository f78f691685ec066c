package org.daqhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.daqhub.api.runtime.InstanceStatus;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Hot install while data flows: the demo simulator keeps running while store features come and go,
 * and a plugin jar dropped into deploy/ starts working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HotInstallIT extends DaqhubTestSupport {
    @Inject
    FeaturesService features;

    @Configuration
    public Option[] config() throws Exception {
        // a real PostgreSQL server, started in the test JVM before the container; the container gets its URL
        return baseOptions(editConfigurationFilePut("etc/system.properties", "daqhub.test.pg.url", TestPostgres.url()));
    }

    @Test
    public void a_installingAStoreWhileTheSimulatorRunsDoesNotRestartIt() throws Exception {
        Bundle sim = await("simulator bundle active", 60000, () -> {
            Bundle b = bundle("org.daqhub.driver.simulator");
            return b != null && b.getState() == Bundle.ACTIVE ? b : null;
        });
        long simId = sim.getBundleId();
        long simModified = sim.getLastModified();
        await("demo driver producing", 60000, () -> instance("driver", "demo") != null && instance("driver", "demo").frames() > 5);

        // uninstall the store: the driver keeps running
        features.uninstallFeature("daqhub-store-csv");
        assertFalse(features.isInstalled(features.getFeature("daqhub-store-csv")));
        assertEquals(null, bundle("org.daqhub.store.csv"));
        long before = instance("driver", "demo").frames();
        await("demo driver still producing after store uninstall", 10000, () -> instance("driver", "demo").frames() > before + 5);
        assertEquals(null, instance("store", "demo"));

        // install it again and drop a cfg for a new instance, as an operator would
        features.installFeature("daqhub-store-csv");
        Path out = karafData().resolve("hot");
        dropConfig("org.daqhub.store.csv-hot.cfg", "topics = data.demo.*\nout.dir = " + out + "\nfile.name = hot.csv\nflush.interval.ms = 100\n");
        Path csv = out.resolve("hot.csv");
        List<String> lines = await("hot.csv has rows from 5 frames", 30000, () -> {
            if (!Files.exists(csv)) {
                return null;
            }
            List<String> l = Files.readAllLines(csv);
            return l.size() > 501 ? l : null;
        });

        // zstd from its bundle's native code, in Karaf: the zstd command line reads the file while it is written
        dropConfig("org.daqhub.store.csv-hotz.cfg", "topics = data.demo.*\nout.dir = " + out + "\nfile.name = hotz.csv\n"
                + "compression = zstd\nflush.interval.ms = 100\n");
        Path zst = out.resolve("hotz.csv.zst");
        String zrows = await("hotz.csv.zst decompresses to rows of 2 frames", 30000, () -> {
            if (!Files.exists(zst)) {
                return null;
            }
            Process p = new ProcessBuilder("zstd", "-dc", zst.toString()).start();
            String t = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 && t.lines().count() > 201 ? t : null;
        });
        assertTrue(zrows, zrows.startsWith("seq,timestamp_ns,run_number,sample,time_ns,ch0,ch1,ch2,ch3\n"));

        // the simulator bundle was not touched: same id, same state, never reinstalled, no restart
        Bundle simAfter = bundle("org.daqhub.driver.simulator");
        assertEquals(simId, simAfter.getBundleId());
        assertEquals(Bundle.ACTIVE, simAfter.getState());
        assertEquals(simModified, simAfter.getLastModified());
        InstanceStatus demo = instance("driver", "demo");
        assertEquals(0, demo.restarts());
        assertEquals("RUNNING", demo.state());

        // no gap in sequence numbers from the first row on (each frame is 100 rows in the demo config)
        assertEquals("seq,timestamp_ns,run_number,sample,time_ns,ch0,ch1,ch2,ch3", lines.get(0));
        long first = Long.parseLong(lines.get(1).split(",")[0]);
        long prevSeq = first;
        long prevSample = Long.parseLong(lines.get(1).split(",")[3]) - 1;
        for (String line : lines.subList(1, lines.size() - 1)) { // the last line may be half-flushed
            String[] f = line.split(",");
            long seq = Long.parseLong(f[0]);
            long sample = Long.parseLong(f[3]);
            assertTrue("gap or reorder at " + line + " after seq " + prevSeq, seq == prevSeq || seq == prevSeq + 1);
            assertEquals("sample counter is continuous", prevSample + 1, sample);
            prevSeq = seq;
            prevSample = sample;
        }
        assertTrue(prevSeq - first >= 4);
        await("hot store visible in status", 5000, () -> instance("store", "hot").frames() > 0);
    }

    @Test
    public void b_uninstallingTheStoreLeavesTheDriverRunning() throws Exception {
        features.uninstallFeature("daqhub-store-csv");
        assertEquals(null, instance("store", "hot"));
        long before = instance("driver", "demo").frames();
        await("driver runs on without any store", 10000, () -> instance("driver", "demo").frames() >= before + 10);
        assertEquals("RUNNING", instance("driver", "demo").state());
        String status = shell("daqhub:status");
        assertTrue(status, status.contains("demo") && status.contains("RUNNING"));
        assertFalse(status, status.contains("hot"));
    }

    @Test
    public void c_aBundleDroppedIntoDeployIsPickedUpAndRuns() throws Exception {
        // the CSV store feature is uninstalled (b_): install its jar the plain way, by dropping it into deploy/
        assertEquals(null, bundle("org.daqhub.store.csv"));
        Path jar = Paths.get(System.getProperty("daqhub.test.repo"),
                "org/daqhub/org.daqhub.store.csv", System.getProperty("daqhub.version"),
                "org.daqhub.store.csv-" + System.getProperty("daqhub.version") + ".jar");
        assertTrue("built store jar at " + jar, Files.exists(jar));
        Path out = karafData().resolve("deployed");
        dropConfig("org.daqhub.store.csv-deployed.cfg", "topics = data.demo.*\nout.dir = " + out + "\nfile.name = d.csv\nflush.interval.ms = 100\n");
        Path tmp = karafHome().resolve("deploy/.store.tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, karafHome().resolve("deploy/org.daqhub.store.csv.jar"), StandardCopyOption.ATOMIC_MOVE);

        Bundle deployed = await("bundle from deploy/ active", 30000, () -> {
            Bundle b = bundle("org.daqhub.store.csv");
            return b != null && b.getState() == Bundle.ACTIVE ? b : null;
        });
        assertTrue(deployed.getLocation(), deployed.getLocation().contains("deploy"));
        await("deployed store writes rows", 30000, () -> Files.exists(out.resolve("d.csv")) && Files.readAllLines(out.resolve("d.csv")).size() > 100);
        assertNotNull(instance("store", "deployed"));
    }

    @Test
    public void d_postgresStoreHotInstalledWritesToARealServer() throws Exception {
        long driverBundle = bundle("org.daqhub.driver.simulator").getBundleId();
        features.installFeature("daqhub-store-postgres");
        String url = System.getProperty("daqhub.test.pg.url");
        dropConfig("org.daqhub.store.postgres-pg.cfg", "topics = data.demo.*\nurl = " + url + "\nuser = postgres\npassword = postgres\n"
                + "table = it_{topic}\n");
        long[] counts = await("rows in PostgreSQL", 60000, () -> {
            try (java.sql.Connection c = new org.postgresql.Driver().connect(url, new java.util.Properties());
                    java.sql.ResultSet rs = c.createStatement().executeQuery(
                            "SELECT count(*), count(DISTINCT seq), max(seq) - min(seq) + 1 FROM it_data_demo_adc")) {
                rs.next();
                return rs.getLong(2) >= 5 ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : null;
            }
        });
        assertEquals("no gap in sequence numbers", counts[2], counts[1]);
        assertEquals("100 rows per demo frame, each frame once", counts[1] * 100, counts[0]);
        assertEquals(driverBundle, bundle("org.daqhub.driver.simulator").getBundleId());
        assertEquals("RUNNING", instance("store", "pg").state());
    }

    @Test
    public void e_hdf5StoreWithItsWrappedLibraryWritesFiles() throws Exception {
        features.installFeature("daqhub-store-hdf5");
        Path out = karafData().resolve("h5");
        dropConfig("org.daqhub.store.hdf5-h5.cfg", "topics = data.demo.*\nout.dir = " + out + "\nbatch.linger.ms = 200\n");
        Path file = await("an HDF5 file", 60000, () -> {
            if (!Files.isDirectory(out)) {
                return null;
            }
            try (java.util.stream.Stream<Path> l = Files.list(out)) {
                return l.filter(p -> p.getFileName().toString().endsWith(".h5")).findFirst().orElse(null);
            }
        });
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
        assertEquals("HDF5 signature", "\u0089HDF\r\n\u001a\n", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("RUNNING", instance("store", "h5").state());
        assertEquals(0, instance("store", "h5").restarts());
    }

    /** The fast-monitoring features go into the running platform: the bus and the supervisor are not restarted. */
    @Test
    public void f_fastmonFeaturesInstallIntoTheRunningPlatform() throws Exception {
        Bundle bus = bundle("org.daqhub.core.bus");
        Bundle supervisor = bundle("org.daqhub.core.supervisor");
        long busModified = bus.getLastModified();
        long supervisorModified = supervisor.getLastModified();
        Object busService = bundleContext.getServiceReference(org.daqhub.api.bus.FrameBus.class).getProperty("service.id");
        long demoRestarts = instance("driver", "demo").restarts();

        features.installFeature("daqhub-fastmon");
        features.installFeature("daqhub-driver-stf-watch");
        await("fast monitoring running", 60000, () -> instance("service", "fastmon"));

        // files appear in a watched directory; names carry the run number
        Path dir = karafData().resolve("stf-in");
        Files.createDirectories(dir);
        for (String name : new String[] { "run_777_a.stf", "RUN777b.stf", "r777_c.STF", "ignored.txt" }) {
            Files.writeString(dir.resolve(name), "x".repeat(100));
        }
        dropConfig("org.daqhub.driver.stfwatch-it.cfg", "directories = " + dir
                + "\nselection.fraction = 1.0\ncheck.interval.s = 0.2\nchecksum = true\n");
        String body = await("3 STF files of run 777 registered", 60000, () -> {
            String b = httpGet("/api/v1/stf-files?run=777");
            return b.split("\"file_id\"").length - 1 == 3 ? b : null;
        });
        assertTrue(body, body.contains("\"checksum\":\"" + md5("x".repeat(100)) + "\""));
        assertTrue(body, body.contains("\"status\":\"done\""));
        assertFalse(body, body.contains("ignored.txt"));
        String runs = shell("daqhub:runs");
        assertTrue(runs, runs.matches("(?s).*\\b777\\s*\\|.*\\|\\s*3\\s*\\|\\s*21\\s*\\|.*")); // 3 STF, 21 TF files
        String subscribers = shell("daqhub:subscribers");
        assertTrue(subscribers, subscribers.contains("Fraction"));

        assertEquals(bus.getBundleId(), bundle("org.daqhub.core.bus").getBundleId());
        assertEquals(busModified, bundle("org.daqhub.core.bus").getLastModified());
        assertEquals(Bundle.ACTIVE, bundle("org.daqhub.core.bus").getState());
        assertEquals(supervisorModified, bundle("org.daqhub.core.supervisor").getLastModified());
        assertEquals(Bundle.ACTIVE, bundle("org.daqhub.core.supervisor").getState());
        assertEquals("the bus service was not re-registered", busService,
                bundleContext.getServiceReference(org.daqhub.api.bus.FrameBus.class).getProperty("service.id"));
        assertEquals(demoRestarts, instance("driver", "demo").restarts());
    }

    /** Job-monitoring ingestion over HTTP: stored once per idempotency key, bad input named. */
    @Test
    public void g_eventIngestionOverHttp() throws Exception {
        features.installFeature("daqhub-events");
        await("events service running", 60000, () -> instance("service", "events"));
        String now = java.time.Instant.now().toString();
        String event = "{\"idempotency_key\":\"it-1\",\"site_id\":\"fab1\",\"app\":{\"name\":\"it-app\",\"version\":\"1\"},"
                + "\"entity\":{\"type\":\"job\",\"id\":\"it-job-1\"},\"event\":{\"kind\":\"started\",\"at\":\"" + now + "\"}}";
        String[] first = await("ingest endpoint up", 30000, () -> {
            String[] r = httpPost("/v1/ingest/events", event);
            return r[0].equals("404") ? null : r;
        });
        assertEquals(first[1], "200", first[0]);
        assertEquals("200", httpPost("/v1/event", event)[0]); // the seed's spelling, same event again
        String jobs = httpGet("/v1/jobs?app_name=it-app&status=running");
        assertEquals(jobs, 1, jobs.split("\"job_id\"").length - 1);
        String[] skew = httpPost("/v1/ingest/events", event.replace(now, java.time.Instant.now().plusSeconds(900).toString())
                .replace("it-1", "it-2"));
        assertEquals("422", skew[0]);
        assertTrue(skew[1], skew[1].contains("\"field\":\"event.at\""));
        String[] garbage = httpPost("/v1/events/batch", "[{");
        assertEquals("400", garbage[0]);
        assertTrue(garbage[1], garbage[1].contains("\"field\":\"body\""));
        assertTrue(httpGet("/v1/healthz").contains("\"status\":\"ok\""));
    }

    /** Prometheus: finished jobs from the SDK wire format show up in /metrics, with the platform counters. */
    @Test
    public void h_prometheusServesJobAndPlatformMetrics() throws Exception {
        features.installFeature("daqhub-monitor-prometheus");
        await("prometheus attached to the events", 30000, () -> httpGet("/v1/healthz").contains("\"prometheus\"") ? true : null);
        String now = java.time.Instant.now().toString();
        String finished = "{\"idempotency_key\":\"it-fin\",\"site_id\":\"fab1\",\"app\":{\"name\":\"it-app\"},"
                + "\"entity\":{\"type\":\"job\",\"id\":\"it-job-1\"},\"event\":{\"kind\":\"finished\",\"at\":\"" + now
                + "\",\"status\":\"succeeded\",\"metrics\":{\"duration_s\":12.5}}}";
        assertEquals("200", httpPost("/v1/ingest/events", finished)[0]);
        String metrics = await("the job in /metrics", 30000, () -> {
            String m = httpGet("/metrics");
            return m.contains("daqhub_jobs_total{entity=\"job\",status=\"succeeded\"} 1") ? m : null;
        });
        assertTrue(metrics, metrics.contains("daqhub_job_duration_seconds_bucket{le=\"30\"} 1"));
        assertTrue(metrics, metrics.contains("daqhub_instance_frames_total{instance=\"demo\",kind=\"driver\"}"));
        assertTrue(metrics, metrics.contains("daqhub_instance_spooled{instance=\"events\",kind=\"service\"} 0"));
        assertTrue(httpGet("/v1/healthz"), httpGet("/v1/healthz").contains("\"status\":\"ok\""));
    }

    /** JSON-lines and CSV export: events of the day in data/monitoring, next to Prometheus. */
    @Test
    public void i_fileExportsWriteTheDaysEvents() throws Exception {
        features.installFeature("daqhub-monitor-jsonl");
        features.installFeature("daqhub-monitor-csv");
        await("file exports attached", 30000, () -> {
            String h = httpGet("/v1/healthz");
            return h.contains("\"jsonl\"") && h.contains("\"csv\"") ? true : null;
        });
        java.time.Instant now = java.time.Instant.now();
        String event = "{\"idempotency_key\":\"it-files\",\"site_id\":\"fab1\",\"app\":{\"name\":\"it-app\"},"
                + "\"entity\":{\"type\":\"job\",\"id\":\"it-job-2\"},\"event\":{\"kind\":\"started\",\"at\":\"" + now + "\"}}";
        assertEquals("200", httpPost("/v1/ingest/events", event)[0]);
        String day = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(java.time.ZoneOffset.UTC).format(now);
        Path jsonl = karafData().resolve("monitoring/events-" + day + ".jsonl");
        Path csv = karafData().resolve("monitoring/events-" + day + ".csv");
        await("both files have the event", 30000, () -> Files.exists(jsonl) && Files.exists(csv)
                && Files.readString(jsonl).contains("it-job-2") && Files.readString(csv).contains("it-job-2") ? true : null);
        assertTrue(Files.readAllLines(csv).get(0).startsWith("time,kind,entity,key,status"));
    }

    /**
     * An integration whose server is down: /v1/healthz turns degraded and its spool grows while the others stay
     * healthy; once the server is up the spool drains, every event arriving once.
     */
    @Test
    public void j_aFailingIntegrationSpoolsAndDrainsInTheRunningPlatform() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort(); // nothing listens there until the "server comes back"
        }
        dropConfig("org.daqhub.monitor.webhook-it.cfg", "url = http://127.0.0.1:" + port + "/hook\ntimeout.s = 2\n");
        features.installFeature("daqhub-monitor-webhook");
        await("webhook attached", 30000, () -> httpGet("/v1/healthz").contains("\"webhook-it\"") ? true : null);
        for (int i = 0; i < 5; i++) {
            String event = "{\"idempotency_key\":\"it-hook-" + i + "\",\"site_id\":\"fab1\",\"app\":{\"name\":\"it-app\"},"
                    + "\"entity\":{\"type\":\"job\",\"id\":\"it-hook-job-" + i + "\"},\"event\":{\"kind\":\"started\",\"at\":\""
                    + java.time.Instant.now() + "\"}}";
            assertEquals("200", httpPost("/v1/ingest/events", event)[0]);
        }
        String degraded = await("health degraded with 5 spooled", 30000, () -> {
            String h = httpGet("/v1/healthz");
            return h.contains("\"status\":\"degraded\"") && h.matches("(?s).*\"webhook-it\":\\{[^}]*\"spooled\":5,[^}]*"
                    + "\"last_error\":\"[^\"]+.*") ? h : null; // waiting, and its server refused
        });
        assertTrue(degraded, degraded.matches("(?s).*\"prometheus\":\\{\"state\":\"healthy\".*"));

        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> serve(server, bodies));
            t.setDaemon(true);
            t.start();
            await("spool drained, health ok", 30000, () -> {
                String h = httpGet("/v1/healthz");
                return h.contains("\"status\":\"ok\"") ? h : null;
            });
        }
        String all = String.join("\n", bodies);
        for (int i = 0; i < 5; i++) {
            assertEquals(all, 1, all.split("\"it-hook-job-" + i + "\"").length - 1);
        }
    }

    /**
     * The Elasticsearch and Zabbix integrations activate in the running platform from their cfg files; with
     * their servers unreachable, an event waits in each one's spool.
     */
    @Test
    public void k_elasticsearchAndZabbixIntegrationsSpoolWhileTheirServersAreDown() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        dropConfig("org.daqhub.monitor.elasticsearch.cfg", "url = http://127.0.0.1:" + closed + "\nindex.prefix = it\n");
        dropConfig("org.daqhub.monitor.zabbix.cfg", "server = 127.0.0.1\nport = " + closed + "\nhost = it\ntimeout.s = 2\n");
        features.installFeature("daqhub-monitor-elasticsearch");
        features.installFeature("daqhub-monitor-zabbix");
        await("both attached", 30000, () -> {
            String h = httpGet("/v1/integrations");
            return h.contains("\"elasticsearch\"") && h.contains("\"zabbix\"") ? true : null;
        });
        String event = "{\"idempotency_key\":\"it-k\",\"site_id\":\"fab1\",\"app\":{\"name\":\"it-app\"},"
                + "\"entity\":{\"type\":\"job\",\"id\":\"it-job-k\"},\"event\":{\"kind\":\"started\",\"at\":\""
                + java.time.Instant.now() + "\"}}";
        assertEquals("200", httpPost("/v1/ingest/events", event)[0]);
        // waiting from the start (queued with the ingestion), failing once each has tried its server
        String h = await("an event waiting for each, each having failed", 30000, () -> {
            String s = httpGet("/v1/healthz");
            return s.matches("(?s).*\"elasticsearch\":\\{[^}]*\"spooled\":1,[^}]*\"last_error\":\"[^\"]+.*")
                    && s.matches("(?s).*\"zabbix\":\\{[^}]*\"spooled\":1,[^}]*\"last_error\":\"[^\"]+.*") ? s : null;
        });
        assertTrue(h, h.contains("\"status\":\"degraded\""));
        assertTrue(h, h.contains("Connection refused") || h.contains("ConnectException") || h.contains("connect"));
        String metrics = httpGet("/metrics"); // each integration is an instance there too
        assertTrue(metrics, metrics.contains("daqhub_instance_spooled{instance=\"elasticsearch\",kind=\"integration\"} 1"));
        assertTrue(metrics, metrics.contains("daqhub_instance_up{instance=\"zabbix\",kind=\"integration\"} 0"));
        assertTrue(metrics, metrics.contains("daqhub_instance_up{instance=\"prometheus\",kind=\"integration\"} 1"));
        features.uninstallFeature("daqhub-monitor-elasticsearch");
        features.uninstallFeature("daqhub-monitor-zabbix");
    }

    /** A minimal HTTP/1.1 server: records each request body, answers 200. */
    private static void serve(java.net.ServerSocket server, List<String> bodies) {
        while (!server.isClosed()) {
            try (java.net.Socket s = server.accept()) {
                java.io.InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    head.append((char) c);
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                bodies.add(new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8));
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                return; // closed
            }
        }
    }

    private static String[] httpPost(String path, String body) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:18181" + path)
                .openConnection();
        c.setRequestMethod("POST");
        c.setRequestProperty("Authorization", DaqhubDistribution.DEMO_AUTH);
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int code = c.getResponseCode();
        try (java.io.InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String[] { String.valueOf(code),
                in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) };
        }
    }

    private static String httpGet(String path) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:18181" + path)
                .openConnection();
        c.setRequestProperty("Authorization", DaqhubDistribution.DEMO_AUTH);
        if (c.getResponseCode() != 200) {
            return "";
        }
        try (java.io.InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
