package org.daqhub.bench;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.daqhub.core.broker.ArtemisBrokerClient;
import org.daqhub.core.persistence.PostgresDatabase;
import org.daqhub.fastmon.FastMonitor;
import org.daqhub.fastmon.StfRequest;
import org.daqhub.fastmon.SubscriberChange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fast monitoring: STF registrations and TF notifications per second, persistent (PostgreSQL 16) and through
 * a real Artemis broker, with 1 and 10 subscribers at fraction 1. Against the same work written by hand with
 * plain JDBC and JMS: the same rows (run lookup, STF, 7 TF samples, dispatch log, statuses, counters) in two
 * transactions per STF, the same messages. Timed until consumers have received every message.
 */
final class FastmonBenchmark {
    private static final int STFS = 200;
    private static final int TFS = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FastmonBenchmark() {
    }

    static void run() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(false);
        cfg.setSecurityEnabled(false);
        cfg.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        EmbeddedActiveMQ artemis = new EmbeddedActiveMQ();
        artemis.setConfiguration(cfg);
        artemis.start();
        String url = "tcp://127.0.0.1:" + port;
        ArtemisBrokerClient broker = new ArtemisBrokerClient();
        broker.activate(Map.of("url", url));
        while (!broker.connected()) {
            Thread.sleep(20);
        }
        try (EmbeddedPostgres pg = Comparison.postgres()) {
            // pooled, as the persistence bundle runs it (HikariCP over the PostgreSQL driver)
            com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
            hc.setDataSource(pg.getPostgresDatabase());
            hc.setMaximumPoolSize(8);
            com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(hc);
            PostgresDatabase db = PostgresDatabase.over(ds);
            Map<String, Object> props = new HashMap<>();
            props.put("javax.persistence.nonJtaDataSource", ds);
            EntityManagerFactory emf = Persistence.createEntityManagerFactory("daqhub-fastmon", props);
            FastMonitor fastmon = new FastMonitor(db, emf, broker, null, Map.of("listen.stf.ready", false), new Random(1));
            for (int i = 0; i < 10; i++) {
                fastmon.bookkeeping().createSubscriber("s" + i,
                        new SubscriberChange(1.0, "", true, null, "bench.s" + i));
            }
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
            javax.jms.Connection jms = factory.createConnection();
            jms.start();
            AtomicLong received = new AtomicLong();
            Session consumerSession = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<MessageConsumer> consumers = new ArrayList<>();
            for (String topic : new String[] { "epictopic", "bench.s0", "bench.s1", "bench.s2", "bench.s3", "bench.s4",
                "bench.s5", "bench.s6", "bench.s7", "bench.s8", "bench.s9" }) {
                MessageConsumer c = consumerSession.createConsumer(consumerSession.createTopic(topic));
                c.setMessageListener(m -> received.incrementAndGet());
                consumers.add(c);
            }
            RawFastmon raw = new RawFastmon(ds, jms);
            for (int subs : new int[] { 1, 10 }) {
                for (int i = 0; i < 10; i++) {
                    fastmon.bookkeeping().updateSubscriber("s" + i,
                            new SubscriberChange(null, null, i < subs, null, null));
                }
                long perStf = (long) TFS * (subs + 1);
                String tag = "n" + subs;
                double[] m = Comparison.medians(3, true,
                        r -> timed(received, STFS * perStf, () -> raw.register(tag + "raw" + r, 9000 + subs)),
                        r -> timed(received, STFS * perStf, () -> {
                            for (int i = 0; i < STFS; i++) {
                                fastmon.registrar().register(new StfRequest(8000 + subs, "file:///bench/" + tag + "fm" + r
                                        + "/stf_" + i + ".stf", 1_000_000_000L, null, null, null, null, null));
                            }
                        }));
                Comparison.print(String.format(Locale.ROOT, "fast monitoring, %d subscriber(s) at fraction 1: %d STF "
                        + "registrations x %d TFs, %d notifications each (broadcast + subscribers), PostgreSQL 16 + "
                        + "Artemis 2.43 (CORE, non-durable topics)", subs, STFS, TFS, perStf), "STF/s",
                        "raw JDBC + JMS, same rows and messages", "daqhub fast monitoring", m, 1);
                System.out.printf(Locale.ROOT, "TF notifications/s: raw %,.0f, daqhub %,.0f%n", m[0] * perStf,
                        m[1] * perStf);
            }
            for (MessageConsumer c : consumers) {
                c.close();
            }
            jms.close();
            fastmon.deactivate();
            emf.close();
            ds.close();
        } finally {
            broker.deactivate();
            artemis.stop();
        }
    }

    interface Work {
        void run() throws Exception;
    }

    /** STF/s from start until every expected message has reached the consumers. */
    private static double timed(AtomicLong received, long expected, Work work) throws Exception {
        long base = received.get();
        long t0 = System.nanoTime();
        work.run();
        long deadline = System.currentTimeMillis() + 120_000;
        while (received.get() - base < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        if (received.get() - base < expected) {
            throw new IllegalStateException("only " + (received.get() - base) + " of " + expected + " messages arrived");
        }
        return STFS / ((System.nanoTime() - t0) / 1e9);
    }

    /** The same bookkeeping and messages written directly against JDBC and JMS. */
    static final class RawFastmon {
        private final DataSource ds;
        private final Session session;
        private final Map<String, MessageProducer> producers = new HashMap<>();
        private final Random random = new Random(2);

        RawFastmon(DataSource ds, javax.jms.Connection jms) throws Exception {
            this.ds = ds;
            session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);

        }

        /** Bound producers, one per topic, non-persistent: as daqhub's client sends. */
        private MessageProducer producer(String topic) throws Exception {
            MessageProducer p = producers.get(topic);
            if (p == null) {
                p = session.createProducer(session.createTopic(topic));
                p.setDeliveryMode(javax.jms.DeliveryMode.NON_PERSISTENT);
                producers.put(topic, p);
            }
            return p;
        }

        void register(String tag, long runNumber) throws Exception {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (int n = 0; n < STFS; n++) {
                    one(c, tag, runNumber, n);
                }
            }
        }

        private void one(Connection c, String tag, long runNumber, int n) throws Exception {
            Timestamp now = new Timestamp(System.currentTimeMillis());
            long runId;
            try (PreparedStatement q = c.prepareStatement("SELECT run_id FROM runs WHERE run_number = ?")) {
                q.setLong(1, runNumber);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        runId = rs.getLong(1);
                    } else {
                        try (PreparedStatement ins = c.prepareStatement(
                                "INSERT INTO runs (run_number, start_time, run_conditions) VALUES (?, ?, '{}') RETURNING run_id")) {
                            ins.setLong(1, runNumber);
                            ins.setTimestamp(2, now);
                            try (ResultSet r2 = ins.executeQuery()) {
                                r2.next();
                                runId = r2.getLong(1);
                            }
                        }
                    }
                }
            }
            String url = "file:///bench/" + tag + "/stf_" + n + ".stf";
            try (PreparedStatement dup = c.prepareStatement("SELECT file_id FROM stf_files WHERE file_url = ?")) {
                dup.setString(1, url);
                try (ResultSet rs = dup.executeQuery()) {
                    if (rs.next()) {
                        c.commit();
                        return;
                    }
                }
            }
            String stfId = UUID.randomUUID().toString();
            try (PreparedStatement st = c.prepareStatement("INSERT INTO stf_files (file_id, run_id, machine_state, file_url, "
                    + "file_size_bytes, creation_time, status, metadata, stf_identifier) VALUES (?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, stfId);
                st.setLong(2, runId);
                st.setString(3, "physics");
                st.setString(4, url);
                st.setLong(5, 1_000_000_000L);
                st.setTimestamp(6, now);
                st.setString(7, "processed");
                st.setString(8, "{}");
                st.setString(9, "stf_" + n + ".stf");
                st.executeUpdate();
            }
            String[] tfIds = new String[TFS];
            List<String> messages = new ArrayList<>();
            try (PreparedStatement tf = c.prepareStatement("INSERT INTO tf_files (tf_file_id, stf_file_id, run_id, "
                    + "tf_filename, file_size_bytes, tf_first, tf_last, tf_count, status, creation_time) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < TFS; i++) {
                    tfIds[i] = UUID.randomUUID().toString();
                    int first = i * 142 + random.nextInt(121);
                    tf.setString(1, tfIds[i]);
                    tf.setString(2, stfId);
                    tf.setLong(3, runId);
                    tf.setString(4, String.format("stf_%d_tf_%03d.tf", n, i + 1));
                    tf.setLong(5, 150_000_000L);
                    tf.setInt(6, first);
                    tf.setInt(7, first + 20);
                    tf.setInt(8, 21);
                    tf.setString(9, "processed");
                    tf.setTimestamp(10, now);
                    tf.addBatch();
                    ObjectNode m = JSON.createObjectNode();
                    m.put("msg_type", "tf_file_registered");
                    m.put("tf_file_id", tfIds[i]);
                    m.put("tf_filename", String.format("stf_%d_tf_%03d.tf", n, i + 1));
                    m.put("file_size_bytes", 150_000_000L);
                    m.put("stf_filename", "stf_" + n + ".stf");
                    m.put("run_number", runNumber);
                    m.put("status", "done");
                    m.put("tf_first", first);
                    m.put("tf_last", first + 20);
                    m.put("tf_count", 21);
                    m.put("timestamp", now.toInstant().toString());
                    messages.add(m.toString());
                }
                tf.executeBatch();
            }
            c.commit();
            List<long[]> subscribers = new ArrayList<>(); // id
            List<String> topics = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT subscriber_id, fraction, destination FROM subscribers WHERE is_active ORDER BY subscriber_id");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    subscribers.add(new long[] { rs.getLong(1) });
                    topics.add(rs.getString(3));
                }
            }
            c.commit();
            try (PreparedStatement d = c.prepareStatement("INSERT INTO message_queue_dispatches (dispatch_id, stf_file_id, "
                    + "tf_file_id, subscriber_id, destination, dispatch_time, message_content, is_successful) VALUES (?,?,?,?,?,?,?,true)")) {
                for (int i = 0; i < TFS; i++) {
                    producer("epictopic").send(session.createTextMessage(messages.get(i)));
                    dispatch(d, stfId, tfIds[i], null, "epictopic", now, messages.get(i));
                    for (int s = 0; s < subscribers.size(); s++) {
                        producer(topics.get(s)).send(session.createTextMessage(messages.get(i)));
                        dispatch(d, stfId, tfIds[i], subscribers.get(s)[0], topics.get(s), now, messages.get(i));
                    }
                }
                d.executeBatch();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE tf_files SET status = 'done' WHERE stf_file_id = ?")) {
                u.setString(1, stfId);
                u.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE stf_files SET status = 'done' WHERE file_id = ?")) {
                u.setString(1, stfId);
                u.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE subscribers SET messages_sent = messages_sent + ? WHERE subscriber_id = ?")) {
                for (long[] s : subscribers) {
                    u.setLong(1, TFS);
                    u.setLong(2, s[0]);
                    u.addBatch();
                }
                u.executeBatch();
            }
            c.commit();
        }

        private static void dispatch(PreparedStatement d, String stf, String tf, Long sub, String dest, Timestamp t,
                String msg) throws Exception {
            d.setString(1, UUID.randomUUID().toString());
            d.setString(2, stf);
            d.setString(3, tf);
            if (sub == null) {
                d.setNull(4, java.sql.Types.BIGINT);
            } else {
                d.setLong(4, sub);
            }
            d.setString(5, dest);
            d.setTimestamp(6, t);
            d.setString(7, msg);
            d.addBatch();
        }
    }
}
