package org.daqhub.bench;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.daqhub.api.Frame;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.LocalFrameBus;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.daqhub.core.supervisor.StoreSupervisor;
import org.daqhub.driver.mqtt.MqttDriver;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * MQTT driver vs a plain Paho subscriber draining the same backlog from the same broker (an embedded Artemis with
 * MQTT, as daqhub runs it), in one run. N JSON messages are queued for a kept QoS 1 session while nobody is
 * connected; then the subscriber connects and the time until it has all N is measured. The raw subscriber
 * parses each message with Jackson and reads the same two pointers the driver's columns do.
 */
final class MqttBenchmark {
    private static final int N = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttBenchmark() {
    }

    /** Counts table rows. */
    static final class RowCounter implements Store {
        final AtomicLong rows = new AtomicLong();

        @Override
        public void write(List<Frame> batch) {
            long n = 0;
            for (Frame f : batch) {
                n += f.table().rowCount();
            }
            rows.addAndGet(n);
        }
    }

    static void run() throws Exception {
        System.out.println();
        System.out.println("## mqtt: drain " + N + " queued JSON messages (QoS 1, kept session) from an embedded Artemis, median of 3");
        System.out.println("| rows per frame | raw Paho subscriber msgs/s (Jackson, 2 pointers) | daqhub MQTT driver msgs/s (rows on the bus) | ratio |");
        System.out.println("|---:|---:|---:|---:|");
        for (int rows : new int[] {1, 100}) {
            int r = rows;
            double[] m = Comparison.medians(3, true, rep -> withBroker(uri -> raw(uri, "raw")), rep -> withBroker(uri -> daqhub(uri, "daqhub", r)));
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", rows, m[0], m[1], m[1] / m[0]);
        }
    }

    interface Measurement {
        double run(String uri) throws Exception;
    }

    /** A fresh broker for every measurement, so no session or queue of an earlier one is in the way. */
    private static double withBroker(Measurement m) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(false);
        cfg.setSecurityEnabled(false);
        cfg.addAcceptorConfiguration("mqtt", "tcp://127.0.0.1:" + port + "?protocols=MQTT");
        EmbeddedActiveMQ artemis = new EmbeddedActiveMQ();
        artemis.setConfiguration(cfg);
        artemis.start();
        try {
            return m.run("tcp://127.0.0.1:" + port);
        } finally {
            artemis.stop();
        }
    }

    /** Creates the kept session for {@code clientId} and queues N messages for it. */
    private static void queueBacklog(String uri, String clientId, String topic) throws Exception {
        MqttClient sub = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        sub.connect(o);
        sub.subscribe(topic, 1);
        sub.disconnect();
        sub.close();
        MqttAsyncClient pub = new MqttAsyncClient(uri, clientId + "-pub", new MemoryPersistence());
        MqttConnectOptions po = new MqttConnectOptions();
        po.setMaxInflight(1000);
        pub.connect(po).waitForCompletion();
        IMqttDeliveryToken last = null;
        for (int i = 0; i < N; i++) {
            byte[] body = ("{\"station\":\"s" + (i % 8) + "\",\"v\":" + i + ",\"t\":" + (20 + (i % 100) * 0.01) + "}").getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    last = pub.publish(topic, body, 1, false);
                    break;
                } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                    if (e.getReasonCode() != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.sleep(1);
                }
            }
        }
        last.waitForCompletion();
        pub.disconnect().waitForCompletion();
        pub.close();
    }

    static double raw(String uri, String clientId) throws Exception {
        String topic = "bench/" + clientId;
        queueBacklog(uri, clientId, topic);
        AtomicLong got = new AtomicLong();
        AtomicLong sink = new AtomicLong();
        Object done = new Object();
        MqttClient sub = new MqttClient(uri, clientId, new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage m) throws Exception {
                JsonNode doc = JSON.readTree(m.getPayload());
                sink.addAndGet(doc.at("/v").asLong() + (long) doc.at("/t").asDouble());
                if (got.incrementAndGet() == N) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setMaxInflight(1000);
        long t0 = System.nanoTime();
        sub.connect(o);
        sub.subscribe(topic, 1);
        synchronized (done) {
            while (got.get() < N) {
                done.wait(100);
            }
        }
        double rate = N / ((System.nanoTime() - t0) / 1e9);
        sub.disconnect();
        sub.close();
        return rate;
    }

    static double daqhub(String uri, String clientId, int rows) throws Exception {
        String topic = "bench/" + clientId;
        queueBacklog(uri, clientId, topic);
        LocalFrameBus bus = new LocalFrameBus("bench");
        StoreSupervisor stores = new StoreSupervisor(bus, () -> Map.of("sink", List.of("data.*")));
        DriverSupervisor drivers = new DriverSupervisor(bus, stores);
        java.nio.file.Path state = Files.createTempDirectory("daqhub-bench-mqtt");
        drivers.activate(Map.of("sequence.dir", state.toString()));
        stores.activate(Map.of("sequence.dir", state.toString()));
        RowCounter store = new RowCounter();
        stores.addStore(store, Map.of("service.pid", "null~sink", "topics", "data.*"));
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.mqtt~bench", "server.uri", uri, "client.id", clientId,
                "mqtt.topics", topic, "columns", "v:/v:int64,t:/t", "rows", String.valueOf(rows), "linger.ms", "20"));
        MqttDriver driver = new MqttDriver();
        driver.activate(cfg);
        long t0 = System.nanoTime();
        drivers.addDriver(driver, cfg);
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (store.rows.get() < N) {
                Thread.sleep(1);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the driver got " + store.rows.get() + " of " + N + " messages in 120 s: "
                            + drivers.instances());
                }
            }
            return N / ((System.nanoTime() - t0) / 1e9);
        } finally {
            drivers.deactivate();
            stores.deactivate();
        }
    }
}
