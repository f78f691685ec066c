package org.daqhub.core.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.daqhub.api.broker.BrokerException;
import org.daqhub.api.broker.MessageBroker;
import org.daqhub.api.config.Settings;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JMS client of the Artemis broker. The embedded broker and an external one (any Artemis 2.x) are reached the
 * same way, so switching is only the url in etc/org.daqhub.broker.cfg. Topics are JMS topics (multicast
 * addresses), which STOMP clients see as /topic/&lt;name&gt;. The connection is re-established in the background
 * after the broker goes away; subscriptions are restored.
 */
// immediate: a delayed component would be dropped each time daqhub:status lets go of it, and its connection with it
@Component(name = "org.daqhub.broker", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { MessageBroker.class, RuntimeStatus.class })
@Designate(ocd = BrokerClientConfig.class)
public class ArtemisBrokerClient implements MessageBroker, RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisBrokerClient.class);

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Received messages no listener could be given: neither text nor UTF-8 bytes. */
    private final AtomicLong unreadable = new AtomicLong();
    /** "topic: reason" pairs already logged at WARN: a flood of unreadable messages logs one line per pair. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private ActiveMQConnectionFactory factory;
    private String url;
    private long reconnectMillis;
    private int deliveryMode;
    private volatile Connection connection;
    private volatile String lastError = "";
    private volatile boolean closed;
    private Thread reconnector;
    /** Sessions are single-threaded in JMS: one for publishing, guarded by this object's lock. */
    private Session publishSession;
    /**
     * One producer per topic: an anonymous producer makes the Artemis client ask the broker whether the
     * address exists on every send (a blocking round trip), a bound one asks once.
     */
    private final Map<String, MessageProducer> producers = new java.util.HashMap<>();

    private record Listener(String topic, Consumer<String> callback, Session[] session) {
    }

    public ArtemisBrokerClient() {
    }

    /** etc/org.daqhub.broker.cfg ({@link BrokerClientConfig}), validated; {@code deliveryMode} a JMS DeliveryMode. */
    record Config(String url, long reconnectMillis, int deliveryMode, String user, String password) {
    }

    @Activate
    public void activate(Map<String, Object> props) {
        Config c = read(props);
        url = c.url();
        reconnectMillis = c.reconnectMillis();
        deliveryMode = c.deliveryMode();
        factory = new ActiveMQConnectionFactory(url, c.user(), c.password());
        reconnector = new Thread(this::keepConnected, "daqhub-broker-client");
        reconnector.setDaemon(true);
        reconnector.start();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String url = s.string("url", "tcp://127.0.0.1:61616");
        long reconnectMillis = 1000L * s.intValue("reconnect.interval.s", 2, 1);
        String mode = s.oneOf("delivery.mode", "non_persistent", "non_persistent", "persistent");
        int deliveryMode = "persistent".equals(mode) ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
        return new Config(url, reconnectMillis, deliveryMode, s.string("user", "karaf"), s.string("password", "karaf"));
    }

    private void keepConnected() {
        boolean warned = false;
        while (!closed) {
            if (connection == null) {
                try {
                    connect();
                    LOG.info("connected to broker {}", url);
                    warned = false;
                } catch (JMSException | RuntimeException e) {
                    lastError = e.getMessage();
                    if (!warned) {
                        LOG.warn("broker {} not reachable ({}); retrying every {} s", url, e.getMessage(),
                                reconnectMillis / 1000);
                        warned = true;
                    }
                }
            }
            try {
                Thread.sleep(connection == null ? reconnectMillis : 200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void connect() throws JMSException {
        Connection c = factory.createConnection();
        try {
            c.setExceptionListener(e -> lost(c, e));
            publishSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producers.clear();
            for (Listener l : listeners) {
                attach(c, l);
            }
            c.start();
        } catch (JMSException | RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
        lastError = "";
    }

    private synchronized void lost(Connection c, JMSException e) {
        if (connection == c) {
            LOG.warn("lost broker {}: {}; reconnecting", url, e.getMessage());
            lastError = e.getMessage();
            connection = null;
            try {
                c.close();
            } catch (JMSException ignored) {
                // already broken
            }
        }
    }

    private void attach(Connection c, Listener l) throws JMSException {
        Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic(l.topic()));
        consumer.setMessageListener(m -> {
            received.incrementAndGet();
            try {
                String text = text(m);
                if (text != null) {
                    l.callback().accept(text);
                } else {
                    unreadable(l.topic(), "a " + m.getClass().getSimpleName() + ", neither text nor bytes");
                }
            } catch (CharacterCodingException e) {
                unreadable(l.topic(), "a bytes message that is not UTF-8");
            } catch (JMSException | RuntimeException e) {
                LOG.warn("listener on topic {} failed: {}", l.topic(), e.toString());
            }
        });
        l.session()[0] = session;
    }

    /**
     * The body of a text message, or of a bytes message read as UTF-8: a STOMP SEND with a content-length
     * header (stomp.py sends one by default) reaches JMS as a BytesMessage. Null for other message kinds.
     */
    static String text(Message m) throws JMSException, CharacterCodingException {
        if (m instanceof TextMessage tm) {
            return tm.getText();
        }
        if (m instanceof BytesMessage bm) {
            byte[] body = new byte[(int) bm.getBodyLength()];
            bm.readBytes(body);
            // strict: a wrong encoding is refused and counted, not turned into replacement characters
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        }
        return null;
    }

    private void unreadable(String topic, String what) {
        unreadable.incrementAndGet();
        if (warned.add(topic + ": " + what)) {
            LOG.warn("broker topic {}: dropped {}; later ones are counted (daqhub:status, broker unreadable) "
                    + "and logged at DEBUG", topic, what);
        } else {
            LOG.debug("broker topic {}: dropped {}", topic, what);
        }
        lastError = "dropped " + unreadable.get() + " unreadable messages on " + topic + ", last: " + what;
    }

    @Override
    public synchronized void publish(String topic, String text) {
        Connection c = connection;
        if (c == null) {
            failures.incrementAndGet();
            throw new BrokerException("broker " + url + " not connected" + (lastError.isEmpty() ? "" : ": " + lastError),
                    null);
        }
        try {
            MessageProducer p = producers.get(topic);
            if (p == null) {
                if (producers.size() > 1000) { // topics come and go (subscribers): don't hold producers forever
                    for (MessageProducer old : producers.values()) {
                        old.close();
                    }
                    producers.clear();
                }
                p = publishSession.createProducer(publishSession.createTopic(topic));
                p.setDeliveryMode(deliveryMode);
                producers.put(topic, p);
            }
            p.send(publishSession.createTextMessage(text));
            published.incrementAndGet();
        } catch (JMSException e) {
            failures.incrementAndGet();
            lost(c, e);
            throw new BrokerException("sending to topic " + topic + " on " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized AutoCloseable subscribe(String topic, Consumer<String> callback) {
        Listener l = new Listener(topic, callback, new Session[1]);
        listeners.add(l);
        Connection c = connection;
        if (c != null) {
            try {
                attach(c, l);
            } catch (JMSException e) {
                lost(c, e); // re-attached on reconnect
            }
        }
        return () -> {
            listeners.remove(l);
            Session s = l.session()[0];
            if (s != null) {
                try {
                    s.close();
                } catch (JMSException ignored) {
                    // connection already gone
                }
            }
        };
    }

    @Override
    public boolean connected() {
        return connection != null;
    }

    @Override
    public List<InstanceStatus> instances() {
        return List.of(status());
    }

    private InstanceStatus status() {
        return new InstanceStatus("broker", "broker", "org.daqhub.broker " + url, connected() ? "RUNNING" : "BACKOFF",
                published.get() + received.get(), 0, 0, 0, 0, failures.get() + unreadable.get(), 0, 0, lastError, 0, 0,
                0, Map.of("unreadable", unreadable.get()));
    }

    @Override
    public boolean restart(String instance) {
        if (!"broker".equals(instance)) {
            return false;
        }
        Connection c = connection;
        if (c != null) {
            lost(c, new JMSException("restart requested"));
        }
        return true;
    }

    public long published() {
        return published.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    @Deactivate
    public synchronized void deactivate() {
        closed = true;
        if (reconnector != null) {
            reconnector.interrupt();
        }
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                LOG.debug("closing broker connection: {}", e.toString());
            }
        }
        if (factory != null) {
            factory.close();
        }
    }
}
