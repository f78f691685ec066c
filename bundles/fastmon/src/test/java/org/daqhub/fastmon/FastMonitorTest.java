package org.daqhub.fastmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.fastmon.model.FileStatus;
import org.daqhub.fastmon.model.IllegalTransitionException;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.TfFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Fast monitoring against real PostgreSQL, EclipseLink and Artemis (no OSGi container). */
class FastMonitorTest {
    static FastmonFixture fx;
    static FastMonitor fastmon;
    static Bookkeeping bookkeeping;
    static StfRegistrar registrar;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        fx = new FastmonFixture();
        fastmon = fx.fastmon(42);
        bookkeeping = fastmon.bookkeeping();
        registrar = fastmon.registrar();
    }

    @AfterAll
    static void stop() throws Exception {
        fastmon.deactivate();
        fx.close();
    }

    static StfRequest stf(long run, String url) {
        return new StfRequest(run, url, 1_000_000L, null, null, null, null, null);
    }

    @Test
    void migrationsAreVersionedAndRunOnce() throws Exception {
        assertEquals(0, fx.database.migrate("fastmon", FastMonitor.class.getClassLoader()));
        try (Connection c = fx.database.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, success FROM schema_history_fastmon ORDER BY installed_rank")) {
            assertTrue(rs.next());
            assertEquals("1", rs.getString(1));
            assertTrue(rs.getBoolean(2));
        }
    }

    @Test
    void runIsCreatedOnceThenFound() {
        RunResult first = bookkeeping.getOrCreateRun(7001, null, "{\"beam_energy\":\"18GeV\"}");
        RunResult again = bookkeeping.getOrCreateRun(7001, null, null);
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.run().getId(), again.run().getId());
        assertEquals("{\"beam_energy\":\"18GeV\"}", again.run().getConditions());
        FieldException bad = assertThrows(FieldException.class, () -> bookkeeping.getOrCreateRun(7002, null, "[1,2"));
        assertEquals("run_conditions", bad.field());
    }

    @Test
    void registrationCreatesRunSamplesTfsAndEndsDone() {
        Registration r = registrar.register(stf(7100, "file:///data/run_7100/stf_0001.stf"));
        assertFalse(r.duplicate());
        assertEquals(7, r.tfs().size());
        StfFile stored = bookkeeping.stfFile(r.stf().getId());
        assertEquals(FileStatus.DONE, stored.getStatus());
        assertEquals("{\"auto_created\":true}", bookkeeping.run(7100).getConditions());
        List<TfFile> tfs = bookkeeping.tfFiles(7100L, r.stf().getId(), null, 100);
        assertEquals(7, tfs.size());
        for (TfFile tf : tfs) {
            assertEquals(FileStatus.DONE, tf.getStatus());
            assertEquals(tf.getTfLast() - tf.getTfFirst() + 1, tf.getTfCount());
            assertTrue(tf.getFilename().startsWith("stf_0001_tf_"), tf.getFilename());
        }
        // blocks lie in disjoint partitions of the STF's 1000 time frames
        for (int i = 0; i < tfs.size(); i++) {
            for (int j = i + 1; j < tfs.size(); j++) {
                TfFile a = tfs.get(i);
                TfFile b = tfs.get(j);
                assertTrue(a.getTfLast() < b.getTfFirst() || b.getTfLast() < a.getTfFirst());
            }
        }
    }

    @Test
    void aFileIsRegisteredOnlyOnce() {
        Registration first = registrar.register(stf(7200, "file:///data/dup.stf"));
        Registration second = registrar.register(stf(7200, "file:///data/dup.stf"));
        assertFalse(first.duplicate());
        assertTrue(second.duplicate());
        assertEquals(first.stf().getId(), second.stf().getId());
        assertEquals(1, bookkeeping.stfFiles(7200L, null, 100).size());
        assertEquals(7, bookkeeping.tfFiles(7200L, null, null, 100).size());
    }

    @Test
    void statusTransitionsFollowTheLifecycle() {
        assertTrue(FileStatus.REGISTERED.canMoveTo(FileStatus.PROCESSING));
        assertTrue(FileStatus.PROCESSING.canMoveTo(FileStatus.FAILED));
        assertFalse(FileStatus.REGISTERED.canMoveTo(FileStatus.DONE));
        assertFalse(FileStatus.PROCESSED.canMoveTo(FileStatus.REGISTERED));
        assertFalse(FileStatus.DONE.canMoveTo(FileStatus.FAILED));
        assertFalse(FileStatus.FAILED.canMoveTo(FileStatus.PROCESSING));
        Registration r = registrar.register(stf(7300, "file:///data/t.stf"));
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> bookkeeping.moveStf(r.stf().getId(), FileStatus.PROCESSING));
        assertEquals("status: cannot change from done to processing (done is final)", e.getMessage());
        assertEquals(FileStatus.DONE, bookkeeping.stfFile(r.stf().getId()).getStatus());
    }

    @Test
    void badInputNamesTheField() {
        assertEquals("file_url", assertThrows(FieldException.class,
                () -> registrar.register(stf(1, " "))).field());
        assertEquals("metadata", assertThrows(FieldException.class, () -> registrar.register(
                new StfRequest(1, "file:///x.stf", null, null, null, null, "{oops", null))).field());
        assertEquals("fraction", assertThrows(FieldException.class, () -> bookkeeping.createSubscriber("s-bad",
                new SubscriberChange(1.5, null, null, null, null))).field());
        assertEquals("fraction", assertThrows(FieldException.class, () -> bookkeeping.createSubscriber("s-bad",
                new SubscriberChange(-0.1, null, null, null, null))).field());
        assertEquals("subscriber_name", assertThrows(FieldException.class, () -> bookkeeping.createSubscriber(
                "has space", new SubscriberChange(0.5, null, null, null, null))).field());
    }

    /** Text no column takes is refused before anything reaches the database, naming the field. */
    @Test
    void textNoColumnTakesIsA422NamingTheField() {
        FieldException longUrl = assertThrows(FieldException.class,
                () -> registrar.register(stf(7700, "file:///data/" + "d/".repeat(1000) + "x.stf")));
        assertEquals("file_url", longUrl.field());
        assertEquals(422, longUrl.status());
        assertEquals("file_url", assertThrows(FieldException.class,
                () -> registrar.register(stf(7700, "file:///data/a\u0000b.stf"))).field());
        // the file name becomes the identifier and names the TF samples
        assertEquals("file_url", assertThrows(FieldException.class,
                () -> registrar.register(stf(7700, "file:///data/" + "n".repeat(300) + ".stf"))).field());
        assertEquals("machine_state", assertThrows(FieldException.class, () -> registrar.register(new StfRequest(7700,
                "file:///data/m.stf", null, null, "m".repeat(StfRequest.MACHINE_STATE_LENGTH + 1), null, null, null)))
                .field());
        assertEquals("checksum", assertThrows(FieldException.class, () -> registrar.register(new StfRequest(7700,
                "file:///data/c.stf", null, "ad:\u0000", null, null, null, null))).field());
        assertEquals("stf_identifier", assertThrows(FieldException.class, () -> registrar.register(new StfRequest(7700,
                "file:///data/i.stf", null, null, null, "i".repeat(StfRequest.STF_IDENTIFIER_LENGTH + 1), null, null)))
                .field());
        assertEquals("creation_time", assertThrows(FieldException.class, () -> registrar.register(new StfRequest(7700,
                "file:///data/t.stf", null, null, null, null, null,
                java.sql.Timestamp.from(java.time.Instant.parse("+300000-01-01T00:00:00Z"))))).field());
        assertTrue(bookkeeping.stfFiles(7700L, null, 10).isEmpty());
        // lookups and subscribers too
        assertEquals("file_id", assertThrows(FieldException.class, () -> bookkeeping.stfFile("a\u0000b")).field());
        assertEquals("subscriber_name",
                assertThrows(FieldException.class, () -> bookkeeping.subscriber("s\u0000")).field());
        assertEquals("description", assertThrows(FieldException.class, () -> bookkeeping.createSubscriber("s-nul",
                new SubscriberChange(0.5, "a\u0000b", null, null, null))).field());
    }

    /** The lengths a registration is held to are those of the columns: a migration that changes one changes both. */
    @Test
    void textLengthsAreThoseOfTheColumns() throws Exception {
        java.util.Map<String, Integer> lengths = java.util.Map.of("stf_files.file_url", StfRequest.FILE_URL_LENGTH,
                "stf_files.stf_identifier", StfRequest.STF_IDENTIFIER_LENGTH, "stf_files.checksum",
                StfRequest.CHECKSUM_LENGTH, "stf_files.machine_state", StfRequest.MACHINE_STATE_LENGTH,
                "stf_files.file_id", StfRequest.FILE_ID_LENGTH, "tf_files.tf_file_id", StfRequest.FILE_ID_LENGTH,
                "tf_files.stf_file_id", StfRequest.FILE_ID_LENGTH, "subscribers.subscriber_name",
                Bookkeeping.SUBSCRIBER_NAME_LENGTH);
        try (Connection c = fx.database.dataSource().getConnection()) {
            for (java.util.Map.Entry<String, Integer> e : lengths.entrySet()) {
                String[] tc = e.getKey().split("\\.");
                try (java.sql.PreparedStatement st = c.prepareStatement("SELECT character_maximum_length FROM "
                        + "information_schema.columns WHERE table_name = ? AND column_name = ?")) {
                    st.setString(1, tc[0]);
                    st.setString(2, tc[1]);
                    try (ResultSet rs = st.executeQuery()) {
                        assertTrue(rs.next(), e.getKey());
                        assertEquals(e.getValue().intValue(), rs.getInt(1), e.getKey());
                    }
                }
            }
        }
    }

    static String lastError(FastMonitor m) {
        return m.instances().get(0).lastError();
    }

    /** A bad stf_ready message is rejected with the reason (logged, counted), never a database error. */
    @Test
    void badStfReadyMessagesAreRejectedWithTheReason() {
        FastMonitor quiet = fx.fastmon(3, "listen.stf.ready", false);
        StfIntake intake = quiet.intake();
        try {
            intake.onBroadcast("{\"msg_type\":\"stf_ready\",\"run_id\":7710,\"filename\":\"swf.\\u0000.stf\"}");
            assertEquals(1, quiet.counters().get("broker_refused_bad_stf_ready"));
            assertTrue(lastError(quiet).contains("filename: contains a NUL"), lastError(quiet));
            intake.onBroadcast("{\"msg_type\":\"stf_ready\",\"run_id\":7710,\"filename\":\"a.stf\",\"file_url\":\"file:///"
                    + "d/".repeat(1000) + "a.stf\"}");
            assertEquals(2, quiet.counters().get("broker_refused_bad_stf_ready"));
            assertTrue(lastError(quiet).contains("file_url: longer than"), lastError(quiet));
            intake.onBroadcast("{\"msg_type\":\"stf_ready\",\"run_id\":7710,\"filename\":{\"name\":\"a.stf\"}}");
            assertEquals(3, quiet.counters().get("broker_refused_bad_stf_ready"));
            assertTrue(lastError(quiet).contains("filename: must be a string"), lastError(quiet));
            assertTrue(quiet.bookkeeping().stfFiles(7710L, null, 10).isEmpty());
        } finally {
            quiet.deactivate();
        }
    }

    /** Bus frames: a bad row is rejected with the reason, the good rows of the frame are registered. */
    @Test
    void badStfRowsOnTheBusAreRejectedWithTheReason() {
        FastMonitor quiet = fx.fastmon(4, "listen.stf.ready", false);
        StfIntake intake = quiet.intake();
        try {
            org.daqhub.api.Table rows = org.daqhub.api.Table.builder().addString("file_url", new String[] {
                "file:///bus/ok.stf", "file:///bus/n\u0000ul.stf", "file:///bus/" + "d/".repeat(1000) + "long.stf" })
                    .build();
            intake.onStfFrame(org.daqhub.api.Frame.ofTable("data.bus.stf", "bus", 1, org.daqhub.api.Frame.epochNanosNow(),
                    7720, rows));
            assertEquals(List.of("file:///bus/ok.stf"),
                    quiet.bookkeeping().stfFiles(7720L, null, 10).stream().map(StfFile::getFileUrl).toList());
            assertEquals(2, quiet.counters().get("frames_rejected"));
            assertTrue(lastError(quiet).contains("row 2: file_url: longer than"), lastError(quiet));
            org.daqhub.api.Table typed = org.daqhub.api.Table.builder()
                    .addString("file_url", new String[] { "file:///bus/typed.stf" })
                    .addString("run_number", new String[] { "7720" }).build();
            intake.onStfFrame(org.daqhub.api.Frame.ofTable("data.bus.stf", "bus", 2, org.daqhub.api.Frame.epochNanosNow(),
                    7720, typed));
            assertEquals(3, quiet.counters().get("frames_rejected"));
            assertTrue(lastError(quiet).contains("run_number: column is STRING"), lastError(quiet));
        } finally {
            quiet.deactivate();
        }
    }

    /** Each active subscriber gets about its fraction of ≥ 1000 notifications; an inactive one none. */
    @Test
    void subscribersReceiveTheirFractionOverTheBroker() throws Exception {
        bookkeeping.createSubscriber("tenth", new SubscriberChange(0.1, "", true, null, null));
        bookkeeping.createSubscriber("most", new SubscriberChange(0.7, "", true, null, null));
        bookkeeping.createSubscriber("all", new SubscriberChange(1.0, "", true, null, null));
        bookkeeping.createSubscriber("off", new SubscriberChange(1.0, "", false, null, null));
        List<String> tenth = new CopyOnWriteArrayList<>();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger all = new AtomicInteger();
        AtomicInteger off = new AtomicInteger();
        List<AutoCloseable> subs = new ArrayList<>();
        subs.add(fx.broker.subscribe("fastmon.tenth", tenth::add));
        subs.add(fx.broker.subscribe("fastmon.most", m -> most.incrementAndGet()));
        subs.add(fx.broker.subscribe("fastmon.all", m -> all.incrementAndGet()));
        subs.add(fx.broker.subscribe("fastmon.off", m -> off.incrementAndGet()));
        Thread.sleep(300);
        int stfs = 150; // x 7 TFs = 1050 notifications
        for (int i = 0; i < stfs; i++) {
            registrar.register(stf(7400, String.format("file:///data/run_7400/stf_%04d.stf", i)));
        }
        int n = stfs * 7;
        long until = System.currentTimeMillis() + 20_000;
        while (all.get() < n && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        assertEquals(n, all.get());
        assertEquals(0, off.get());
        assertBinomial(n, 0.1, tenth.size());
        assertBinomial(n, 0.7, most.get());
        // the counters and the dispatch log agree with what arrived
        assertEquals(tenth.size(), bookkeeping.subscriber("tenth").getSent());
        assertEquals(0, bookkeeping.subscriber("off").getSent());
        long logged = bookkeeping.dispatches(null, bookkeeping.subscriber("most").getId(), 10_000).size();
        assertEquals(most.get(), logged);
        JsonNode msg = JSON.readTree(tenth.get(0));
        assertEquals("tf_file_registered", msg.get("msg_type").asText());
        assertEquals(7400, msg.get("run_number").asLong());
        for (String f : new String[] { "tf_file_id", "tf_filename", "file_size_bytes", "stf_filename", "status",
            "timestamp", "tf_first", "tf_count", "processed_by" }) {
            assertTrue(msg.has(f), f);
        }
        for (AutoCloseable c : subs) {
            c.close();
        }
    }

    /** |k - np| within 4.5 standard deviations: a false failure about once in 150,000 runs. */
    static void assertBinomial(int n, double p, int k) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(k - n * p) <= 4.5 * sd,
                "got " + k + " of " + n + " at fraction " + p + ", expected " + n * p + " +- " + 4.5 * sd);
    }

    @Test
    void stfReadyMessagesOnTheBrokerAreRegistered() throws Exception {
        String msg = "{\"msg_type\":\"stf_ready\",\"filename\":\"swf.20260115.000001.stf\",\"run_id\":7500,"
                + "\"file_url\":\"file:///daq/swf.20260115.000001.stf\",\"checksum\":\"ad:123\",\"size_bytes\":2048,"
                + "\"start\":\"20260115100000\",\"end\":\"20260115100002\",\"state\":\"physics\",\"substate\":\"running\","
                + "\"sequence\":1}";
        fx.broker.publish("epictopic", "{\"msg_type\":\"stf_ready\",\"run_id\":\"x\"}"); // rejected: run_id
        fx.broker.publish("epictopic", "not json");
        fx.broker.publish("epictopic", msg);
        long until = System.currentTimeMillis() + 10_000;
        List<StfFile> files = List.of();
        while (files.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
            files = bookkeeping.stfFiles(7500L, null, 10);
        }
        assertEquals(1, files.size());
        StfFile f = files.get(0);
        assertEquals("file:///daq/swf.20260115.000001.stf", f.getFileUrl());
        assertEquals("swf.20260115.000001.stf", f.getStfIdentifier());
        assertEquals(2048L, f.getSizeBytes());
        assertEquals("ad:123", f.getChecksum());
        assertTrue(f.getMetadata().contains("\"substate\":\"running\""), f.getMetadata());
        assertTrue(fastmon.counters().get("broker_refused") >= 2);
    }

    static String stfReady(long run, String filename) {
        return "{\"msg_type\":\"stf_ready\",\"filename\":\"" + filename + "\",\"run_id\":" + run
                + ",\"file_url\":\"file:///daq/" + filename + "\",\"size_bytes\":4096,\"state\":\"physics\"}";
    }

    /** Waits for the first tf_file_registered of this STF among the messages; fails after 20 s without one. */
    static JsonNode announcement(BlockingQueue<String> messages, String stf) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String m;
        while ((m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            JsonNode n;
            try {
                n = JSON.readTree(m);
            } catch (Exception notJson) {
                continue; // other tests' bad messages on the same topic
            }
            if ("tf_file_registered".equals(n.path("msg_type").asText())
                    && stf.equals(n.path("stf_filename").asText())) {
                return n;
            }
        }
        return fail("no tf_file_registered for " + stf + " within 20 s");
    }

    /** stomp.py sends a content-length header, so Artemis delivers a bytes message: it is read as UTF-8 JSON. */
    @Test
    void stfReadyFromAStompClientWithContentLengthIsRegistered() throws Exception {
        BlockingQueue<String> announced = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = fx.broker.subscribe("epictopic", announced::add);
                StompSender stomp = new StompSender(fx.brokerPort)) {
            stomp.send("/topic/epictopic", stfReady(7719, "swf.7719.000001.stf"), true);
            announcement(announced, "swf.7719.000001.stf");
        }
        List<StfFile> files = bookkeeping.stfFiles(7719L, null, 10);
        assertEquals(1, files.size());
        assertEquals("file:///daq/swf.7719.000001.stf", files.get(0).getFileUrl());
        assertEquals(4096L, files.get(0).getSizeBytes());
    }

    /**
     * A flood of bad messages, as bytes and as text, is counted per reason with a single WARN each; other agents'
     * message types are ignored. A fast monitor of its own on its own topic, so no other test's messages count.
     */
    @Test
    void badBrokerMessagesAreCountedPerReasonAndWarnedOnce() throws Exception {
        String topic = "epictopic.refusals";
        FastMonitor own = fx.fastmon(9, "broadcast.topic", topic);
        long unreadableBefore = fx.broker.unreadable();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        BlockingQueue<String> announced = new LinkedBlockingQueue<>();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
        try (AutoCloseable sub = fx.broker.subscribe(topic, announced::add);
                StompSender stomp = new StompSender(fx.brokerPort)) {
            for (int i = 0; i < 40; i++) {
                stomp.send("/topic/" + topic, "{\"msg_type\": \"stf_ready\", oops " + i, i % 2 == 0);
            }
            stomp.send("/topic/" + topic, "[1, 2]", true);
            stomp.send("/topic/" + topic, "{\"msg_type\": 7}", true);
            stomp.send("/topic/" + topic, "{\"msg_type\": \"STF_READY\", \"run_id\": 7800}", true);
            stomp.send("/topic/" + topic, "{\"msg_type\": \"stf_ready\", \"run_id\": \"x\"}", true);
            stomp.send("/topic/" + topic, "{\"msg_type\": \"run_imminent\", \"run_id\": 7800}", true);
            stomp.send("/topic/" + topic, new byte[] { '{', (byte) 0xC3, '(', '}' }, true); // not UTF-8
            // messages of one producer arrive in order: once this one is registered, all before it were handled
            stomp.send("/topic/" + topic, stfReady(7800, "swf.7800.000001.stf"), true);
            announcement(announced, "swf.7800.000001.stf");
        } finally {
            System.setErr(stderr);
            own.deactivate();
            stderr.print(log.toString(StandardCharsets.UTF_8));
        }
        Map<String, Long> counters = own.counters();
        assertEquals(40, counters.get("broker_refused_not_json"));
        assertEquals(2, counters.get("broker_refused_no_msg_type"));
        assertEquals(1, counters.get("broker_refused_unknown_msg_type"));
        assertEquals(1, counters.get("broker_refused_bad_stf_ready"));
        assertEquals(44, counters.get("broker_refused"));
        assertTrue(counters.get("broker_ignored") >= 1, counters.toString()); // run_imminent, and its own messages
        assertEquals(1, counters.get("stf_registered"));
        assertEquals(44, own.instances().get(0).dropped());
        assertEquals(40, own.instances().get(0).counters().get("broker_refused_not_json")); // daqhub:status, /metrics
        assertTrue(own.instances().get(0).lastError().startsWith("broker message refused (bad_stf_ready, 1 so far)"),
                own.instances().get(0).lastError());
        // the broker client drops the bytes that are not UTF-8, once per listener of the topic (ours and fastmon's)
        assertEquals(2, fx.broker.unreadable() - unreadableBefore);
        List<String> warnings = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")).toList();
        for (String reason : new String[] { "(not_json)", "(no_msg_type)", "(unknown_msg_type)", "(bad_stf_ready)" }) {
            assertEquals(1, warnings.stream().filter(l -> l.contains(reason)).count(), reason + " in " + warnings);
        }
        assertEquals(1, warnings.stream().filter(l -> l.contains("not UTF-8")).count(), warnings.toString());
    }

    /** With the broker unreachable, every dispatch is logged with its error and the files end as failed. */
    @Test
    void aDispatchThatFailsIsLoggedWithItsError() throws Exception {
        org.daqhub.core.broker.ArtemisBrokerClient nowhere = new org.daqhub.core.broker.ArtemisBrokerClient();
        nowhere.activate(java.util.Map.of("url", "tcp://127.0.0.1:" + FastmonFixture.freePort()));
        FastMonitor offline = new FastMonitor(fx.database, fx.emf, nowhere, null,
                java.util.Map.of("listen.stf.ready", false), new java.util.Random(5));
        try {
            Registration r = offline.registrar().register(stf(7600, "file:///data/offline.stf"));
            assertEquals(FileStatus.FAILED, bookkeeping.stfFile(r.stf().getId()).getStatus());
            List<org.daqhub.fastmon.model.Dispatch> log = bookkeeping.dispatches(r.stf().getId(), null, 100);
            // the broadcast of each TF, plus whatever active subscribers other tests created drew
            assertEquals(7, log.stream().filter(d -> d.getSubscriberId() == null).count());
            for (org.daqhub.fastmon.model.Dispatch d : log) {
                assertFalse(d.getSuccessful());
                assertTrue(d.getError().contains("not connected"), d.getError());
            }
            assertTrue(offline.counters().get("dispatch_failures") >= 7);
        } finally {
            offline.deactivate();
            nowhere.deactivate();
        }
    }
}
