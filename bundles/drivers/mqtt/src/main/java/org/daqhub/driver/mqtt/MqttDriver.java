package org.daqhub.driver.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to MQTT topic filters with Eclipse Paho and publishes what arrives on the bus. Messages are
 * acknowledged to the broker only once their frame is on the bus (Paho's manual acks), so with QoS 1 or 2 and a
 * kept session a message is never lost between the broker and daqhub: one not yet on the bus when daqhub stops or
 * dies is delivered again. A lost connection ends the run; the supervisor's backoff is the reconnect.
 */
@Component(name = "org.daqhub.driver.mqtt", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = MqttConfig.class, factory = true)
public class MqttDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDriver.class);
    /** Messages Paho hands over before its callback thread waits for the driver (and the broker for Paho). */
    private static final int QUEUE = 1000;
    private static final long CONNECT_WAIT_MILLIS = 15_000;
    private static final long SUBACK_WAIT_MILLIS = 30_000;

    private MqttSettings settings;

    public MqttDriver() {
    }

    MqttDriver(MqttSettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            settings = MqttSettings.read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub driver org.daqhub.driver.mqtt, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    private record Arrival(String topic, MqttMessage message, long epochNanos) {
    }

    @Override
    public void run(DriverContext ctx) throws Exception {
        MqttSettings s = settings;
        FramePublisher pub = ctx.publisher(s.stream());
        BlockingQueue<Arrival> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicReference<Throwable> lost = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        // the asynchronous client: a kept session's backlog flows from CONNACK on, and a subscribe that waited for its
        // SUBACK would deadlock with Paho's reader, blocked on the queue only this thread drains
        MqttAsyncClient client = new MqttAsyncClient(s.serverUri(), s.clientId(), new MemoryPersistence());
        SkippedMessages skipped = new SkippedMessages(LOG, ctx.instance());
        try {
            client.setManualAcks(true);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                    Arrival a = new Arrival(topic, message, Frame.epochNanosNow());
                    // waiting here blocks Paho's reader: backpressure to the broker. Never past the end of the run:
                    // Paho's thread would hang on a queue nobody drains; the unacknowledged message comes again.
                    while (!queue.offer(a, 100, TimeUnit.MILLISECONDS)) {
                        if (closing.get()) {
                            throw new IllegalStateException("the driver is stopping");
                        }
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(s.cleanSession());
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(s.keepAliveSeconds());
            o.setConnectionTimeout(10);
            o.setMaxInflight(QUEUE);
            if (s.username() != null) {
                o.setUserName(s.username());
                o.setPassword(s.password().toCharArray());
            }
            IMqttToken subscribed;
            try {
                client.connect(o).waitForCompletion(CONNECT_WAIT_MILLIS);
                int[] qos = new int[s.topics().size()];
                java.util.Arrays.fill(qos, s.qos());
                subscribed = client.subscribe(s.topics().toArray(new String[0]), qos);
            } catch (MqttException e) {
                throw brokerError(s, e);
            }
            loop(ctx, s, pub, queue, lost, client, new Subscription(ctx.instance(), s, subscribed), skipped);
        } finally {
            closing.set(true);
            queue.clear();
            try {
                if (client.isConnected()) {
                    client.disconnect(1000).waitForCompletion(2000);
                }
            } catch (MqttException e) {
                LOG.debug("daqhub MQTT driver '{}': disconnect: {}", ctx.instance(), e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("daqhub MQTT driver '{}': close: {}", ctx.instance(), e.toString());
            }
        }
    }

    static java.io.IOException brokerError(MqttSettings s, MqttException e) {
        return new java.io.IOException("MQTT broker " + s.serverUri() + " as " + s.clientId() + ": " + e.getMessage()
                + " (reason code " + e.getReasonCode() + ")", e);
    }

    /** The SUBSCRIBE in flight until its SUBACK: then logged once, or the run ends naming what the broker refused. */
    private static final class Subscription {
        private final String instance;
        private final MqttSettings s;
        private final IMqttToken token;
        private final long deadline = System.nanoTime() + SUBACK_WAIT_MILLIS * 1_000_000L;
        private boolean done;

        Subscription(String instance, MqttSettings s, IMqttToken token) {
            this.instance = instance;
            this.s = s;
            this.token = token;
        }

        void check() throws java.io.IOException {
            if (done) {
                return;
            }
            if (!token.isComplete()) {
                if (System.nanoTime() > deadline) {
                    throw new java.io.IOException("MQTT broker " + s.serverUri() + " did not answer the subscription to " + s.topics()
                            + " within " + SUBACK_WAIT_MILLIS / 1000 + " s");
                }
                return;
            }
            if (token.getException() != null) {
                throw brokerError(s, token.getException());
            }
            int[] granted = token.getGrantedQos();
            for (int i = 0; granted != null && i < granted.length; i++) {
                if (granted[i] == 0x80) { // MQTT 3.1.1 SUBACK failure code
                    throw new java.io.IOException("MQTT broker " + s.serverUri() + " refused the subscription to " + s.topics().get(i)
                            + " (not allowed for this user?)");
                }
            }
            for (int i = 0; granted != null && i < granted.length; i++) {
                if (granted[i] < s.qos()) {
                    LOG.warn("daqhub MQTT driver '{}': the broker granted QoS {} for {}, not the {} asked for: messages may be lost",
                            instance, granted[i], s.topics().get(i), s.qos());
                }
            }
            done = true;
            LOG.info("daqhub MQTT driver '{}' subscribed to {} at {} (QoS {}, {})", instance, s.topics(), s.serverUri(), s.qos(), s.format());
        }
    }

    private static void loop(DriverContext ctx, MqttSettings s, FramePublisher pub, BlockingQueue<Arrival> queue,
            AtomicReference<Throwable> lost, MqttAsyncClient client, Subscription subscription, SkippedMessages skipped) throws Exception {
        MessageRows rows = s.format().equals("raw") ? null : new MessageRows(s.columns(), s.format().equals("text"), s.rows());
        List<MqttMessage> unacked = new ArrayList<>();
        while (!ctx.stopping()) {
            subscription.check();
            ctx.heartbeat(); // alive also when every message is skipped and no frame goes out
            Arrival a = queue.poll(200, TimeUnit.MILLISECONDS);
            if (a == null) {
                Throwable cause = lost.get();
                if (cause != null) {
                    throw new java.io.IOException("lost the connection to MQTT broker " + s.serverUri() + ": " + cause.getMessage(), cause);
                }
                continue;
            }
            if (rows == null) {
                pub.publish(a.message().getPayload(), Frame.OCTETS);
                ack(client, a.message());
                continue;
            }
            long lingerEnd = System.nanoTime() + s.lingerMillis() * 1_000_000L;
            while (a != null) {
                String problem = rows.add(a.topic(), a.message().getPayload(), a.epochNanos());
                if (problem != null) {
                    skipped.skipped(a.topic(), problem);
                }
                unacked.add(a.message());
                if (rows.full()) {
                    break;
                }
                long wait = lingerEnd - System.nanoTime();
                a = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            }
            Table t = rows.take();
            if (t != null) {
                pub.publish(t);
            }
            for (MqttMessage m : unacked) {
                ack(client, m);
            }
            unacked.clear();
        }
    }

    private static void ack(MqttAsyncClient client, MqttMessage m) throws MqttException {
        if (m.getQos() > 0) {
            client.messageArrivedComplete(m.getId(), m.getQos());
        }
    }
}
