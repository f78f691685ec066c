package org.daqhub.driver.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver against a real MQTT broker: an embedded Artemis with its MQTT protocol, as daqhub-broker runs it. */
class MqttDriverTest {
    private static EmbeddedActiveMQ artemis;
    private static int port;
    private static MqttClient sender;
    private final List<Running> running = new ArrayList<>();

    /** Collects what the driver publishes until told to stop. */
    static final class Recorder implements DriverContext, FramePublisher {
        final List<Object> frames = new CopyOnWriteArrayList<>();
        volatile boolean stop;

        @Override public String instance() { return "sensors"; }
        @Override public FramePublisher publisher(String stream) { return this; }
        @Override public boolean stopping() { return stop; }
        @Override public void heartbeat() { }
        @Override public void runNumber(long runNumber) { }
        @Override public String topic() { return "data.sensors.mqtt"; }
        @Override public void publish(Table table) { frames.add(table); }
        @Override public void publish(byte[] payload, String contentType) { frames.add(payload); }
        @Override public long nextSequence() { return frames.size(); }

        List<Table> tables() {
            return frames.stream().map(Table.class::cast).toList();
        }

    }

    /** A driver run on its own thread, as the supervisor runs it. */
    record Running(Recorder recorder, Thread thread, AtomicReference<Throwable> failure) {
        void stop() throws InterruptedException {
            recorder.stop = true;
            thread.join(10_000);
        }
    }

    @BeforeAll
    static void startBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(false);
        cfg.setSecurityEnabled(false);
        cfg.addAcceptorConfiguration("mqtt", "tcp://127.0.0.1:" + port + "?protocols=MQTT");
        artemis = new EmbeddedActiveMQ();
        artemis.setConfiguration(cfg);
        artemis.start();
        sender = new MqttClient("tcp://127.0.0.1:" + port, "test-sender", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        sender.connect(o);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        sender.disconnect();
        sender.close();
        artemis.stop();
    }

    @AfterEach
    void stopDrivers() throws InterruptedException {
        for (Running r : running) {
            r.stop();
        }
    }

    private static MqttSettings settings(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.driver.mqtt~sensors");
        m.put("server.uri", "tcp://127.0.0.1:" + port);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return MqttSettings.read(m);
    }

    private Running start(MqttSettings s) {
        Recorder r = new Recorder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                new MqttDriver(s).run(r);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "driver " + s.clientId());
        t.start();
        Running run = new Running(r, t, failure);
        running.add(run);
        return run;
    }

    /** Publishes until the driver's subscription is in place (the first message gets through), then returns. */
    private static void send(String topic, String payload, int qos) throws Exception {
        sender.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    private static void awaitSubscribed(Running r, String topic) throws Exception {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            if (r.failure.get() != null) {
                throw new AssertionError("driver failed", r.failure.get());
            }
            send(topic, "{\"t\":0,\"id\":\"probe\",\"n\":0,\"v\":-1}", 0); // fits every test's columns
            assertTrue(!r.recorder.frames.isEmpty());
        });
    }

    /** Every row that came from {@code topic} (the probes have topics of their own), as table and row index. */
    private static List<Map.Entry<Table, Integer>> rowsOn(Recorder r, String topic) {
        List<Map.Entry<Table, Integer>> out = new ArrayList<>();
        for (Table t : r.tables()) {
            for (int i = 0; i < t.rowCount(); i++) {
                if (t.column("topic").getString(i).equals(topic)) {
                    out.add(Map.entry(t, i));
                }
            }
        }
        return out;
    }

    @Test
    void jsonPointersBecomeTypedColumnsWithTheTopic() throws Exception {
        Running r = start(settings("client.id", "json-test", "clean.session", "true", "mqtt.topics", "lab/+/env",
                "columns", "temperature:/t, station:/id:string, count:/n:int64"));
        awaitSubscribed(r, "lab/probe/env");
        send("lab/room1/env", "{\"t\": 21.5, \"id\": \"r1\", \"n\": 7, \"extra\": 1}", 1);
        send("lab/room2/env", "{\"t\": -3, \"id\": \"r2\", \"n\": 9007199254740993}", 1);
        send("lab/room2/other", "{\"t\": 99, \"id\": \"not subscribed\", \"n\": 1}", 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, rowsOn(r.recorder, "lab/room2/env").size()));
        Table a = rowsOn(r.recorder, "lab/room1/env").get(0).getKey();
        assertEquals(List.of("time_ns", "topic", "temperature", "station", "count"), a.columns().stream().map(c -> c.name()).toList());
        assertEquals(ColumnType.FLOAT64, a.column("temperature").type());
        assertEquals("lab/room1/env", a.column("topic").getString(0));
        assertEquals(21.5, a.column("temperature").getDouble(0));
        assertEquals("r1", a.column("station").getString(0));
        assertEquals(7, a.column("count").getLong(0));
        Table b = rowsOn(r.recorder, "lab/room2/env").get(0).getKey();
        assertEquals(-3.0, b.column("temperature").getDouble(0));
        assertEquals(9007199254740993L, b.column("count").getLong(0)); // beyond a double's 53 bits: kept exact
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> rowsOn(r.recorder, "lab/room2/other").isEmpty());
    }

    @Test
    void messagesThatDoNotFitAreSkippedAndTheRestFlows() throws Exception {
        Running r = start(settings("client.id", "skip-test", "clean.session", "true", "mqtt.topics", "skip/#", "columns", "t:/t, id:/id:string"));
        awaitSubscribed(r, "skip/probe");
        send("skip/a", "not json {", 1);
        send("skip/a", "{\"id\": \"missing t\"}", 1);
        send("skip/a", "{\"t\": \"warm\", \"id\": \"t is a string\"}", 1);
        send("skip/a", "", 1);
        send("skip/a", "{\"t\": 1.25, \"id\": \"good\"}", 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, rowsOn(r.recorder, "skip/a").size()));
        Map.Entry<Table, Integer> good = rowsOn(r.recorder, "skip/a").get(0);
        assertEquals("good", good.getKey().column("id").getString(good.getValue()));
        assertEquals(1.25, good.getKey().column("t").getDouble(good.getValue()));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> rowsOn(r.recorder, "skip/a").size() == 1);
        assertEquals(null, r.failure.get());
    }

    @Test
    void severalMessagesPerFrameWithRowsAndLinger() throws Exception {
        Running r = start(settings("client.id", "rows-test", "clean.session", "true", "mqtt.topics", "rows/#", "columns", "v:/v:int64",
                "rows", "10", "linger.ms", "2000"));
        awaitSubscribed(r, "rows/probe");
        for (int i = 0; i < 25; i++) {
            send("rows/x", "{\"v\": " + i + "}", 1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(25, rowsOn(r.recorder, "rows/x").size()));
        List<Map.Entry<Table, Integer>> got = rowsOn(r.recorder, "rows/x");
        assertEquals(java.util.stream.LongStream.range(0, 25).boxed().toList(),
                got.stream().map(e -> e.getKey().column("v").getLong(e.getValue())).toList());
        assertTrue(r.recorder.tables().stream().allMatch(t -> t.rowCount() <= 10), "a frame holds at most rows=10 rows");
        long frames = got.stream().map(Map.Entry::getKey).distinct().count();
        assertTrue(frames <= 5, "25 messages sent at once fill frames, not one frame each: " + frames);
    }

    @Test
    void textAndRawFormats() throws Exception {
        Running text = start(settings("client.id", "text-test", "clean.session", "true", "mqtt.topics", "fmt/text", "format", "text"));
        Running raw = start(settings("client.id", "raw-test", "clean.session", "true", "mqtt.topics", "fmt/raw", "format", "raw"));
        awaitSubscribed(text, "fmt/text");
        awaitSubscribed(raw, "fmt/raw");
        send("fmt/text", "héllo, world", 1);
        sender.publish("fmt/raw", new byte[] {0, 1, 2, (byte) 0xff}, 1, false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Table t = text.recorder.tables().get(text.recorder.frames.size() - 1);
            assertEquals("héllo, world", t.column("payload").getString(0));
            assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, (byte[]) raw.recorder.frames.get(raw.recorder.frames.size() - 1));
        });
    }

    /**
     * Messages sent while the driver was stopped come when it is back, all of them and in order, also a backlog five
     * times the driver's queue, which the broker may start sending before it answers the SUBSCRIBE.
     */
    @Test
    void aKeptSessionDeliversWhatArrivedWhileTheDriverWasStopped() throws Exception {
        MqttSettings s = settings("client.id", "kept-session", "mqtt.topics", "kept/#", "columns", "v:/v:int64", "qos", "1");
        Running first = start(s);
        awaitSubscribed(first, "kept/probe");
        first.stop();
        assertEquals(null, first.failure.get());
        int n = 5000;
        for (int i = 0; i < n; i++) { // nobody connected: the broker keeps them for the session
            send("kept/x", "{\"v\": " + i + "}", i < 100 ? 1 : 0); // mostly QoS 0, to queue many quickly
        }
        Running second = start(s);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(n, rowsOn(second.recorder, "kept/x").size()));
        assertEquals(java.util.stream.LongStream.range(0, n).boxed().toList(),
                rowsOn(second.recorder, "kept/x").stream().map(e -> e.getKey().column("v").getLong(e.getValue())).toList());
        assertEquals(null, second.failure.get());
    }

    @Test
    void aBrokerThatIsNotThereEndsTheRunNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, Object> m = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.mqtt~sensors", "server.uri", "tcp://127.0.0.1:" + closed,
                "mqtt.topics", "x", "format", "text"));
        IOException e = assertThrows(IOException.class, () -> new MqttDriver(MqttSettings.read(m)).run(new Recorder()));
        assertTrue(e.getMessage().startsWith("MQTT broker tcp://127.0.0.1:" + closed + " as daqhub-sensors: "), e.getMessage());
    }

    @Test
    void badSettingsNameTheKeyAndWhatIsWrong() {
        assertBad("mqtt.topics", "is needed", "columns", "v:/v");
        assertBad("mqtt.topics", "# must be a whole level and the last one", "mqtt.topics", "a/#/b", "columns", "v:/v");
        assertBad("mqtt.topics", "+ must be a whole level", "mqtt.topics", "a/b+", "columns", "v:/v");
        assertBad("columns", "is needed with format json", "mqtt.topics", "a");
        assertBad("columns", "must start with /", "mqtt.topics", "a", "columns", "v:v");
        assertBad("columns", "type 'float' is not float64, int64 or string", "mqtt.topics", "a", "columns", "v:/v:float");
        assertBad("columns", "topic is reserved", "mqtt.topics", "a", "columns", "topic:/t");
        assertBad("columns", "is only read with format json", "mqtt.topics", "a", "format", "raw", "columns", "v:/v");
        assertBad("qos", "must be 0 or 1", "mqtt.topics", "a", "format", "text", "qos", "3");
        assertBad("qos", "use 1 (at least once", "mqtt.topics", "a", "format", "text", "qos", "2");
        assertBad("server.uri", "is not tcp://host:port", "mqtt.topics", "a", "format", "text", "server.uri", "http://x");
    }

    @Test
    void thePasswordIsNotInTheSettingsText() {
        MqttSettings s = settings("mqtt.topics", "a", "format", "text", "username", "u", "password", "s3cret");
        assertEquals("s3cret", s.password());
        assertTrue(!s.toString().contains("s3cret"), s.toString());
    }

    private static void assertBad(String key, String reason, Object... kv) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> settings(kv));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
