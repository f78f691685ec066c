package org.daqhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.daqhub.api.runtime.InstanceStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The embedded Artemis broker (feature daqhub-broker) with daqhub's etc/artemis.xml: a STOMP client on a
 * plain socket publishes to /topic/epictopic and another receives it, authenticated against Karaf's realm.
 * The broker is a boot feature of the distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokerIT extends DaqhubTestSupport {
    @Inject
    FeaturesService featuresService;

    @Configuration
    public Option[] config() {
        return baseOptions(); // the broker is a boot feature of the distribution
    }

    @Test
    public void stompClientsExchangeAMessageThroughTopicPrefixes() throws Exception {
        assertTrue(featuresService.isInstalled(featuresService.getFeature("daqhub-broker")));
        String body = "{\"msg_type\": \"tf_file_registered\", \"run_number\": 42}";
        String received = await("a STOMP round trip through the broker", 90000, () -> {
            try (StompClient sub = new StompClient("127.0.0.1", 61616, "karaf", "karaf");
                    StompClient pub = new StompClient("127.0.0.1", 61616, "karaf", "karaf")) {
                sub.subscribe("/topic/epictopic");
                pub.publish("/topic/epictopic", body);
                return sub.read();
            }
        });
        assertTrue(received, received.startsWith("MESSAGE") && received.endsWith(body));
        assertTrue(received, received.contains("destination:/topic/epictopic"));
        try (StompClient bad = new StompClient("127.0.0.1", 61616, "karaf", "wrong")) {
            throw new AssertionError("a wrong password was accepted");
        } catch (IllegalStateException | java.io.IOException e) {
            // refused, as it must be
        }
        // the journal is where etc/artemis.xml puts it
        assertTrue(java.nio.file.Files.isDirectory(karafData().resolve("artemis/journal")));
        assertEquals("RUNNING", await("demo driver", 30000, () -> instance("driver", "demo")).state());
    }

    /**
     * The MQTT driver, hot-installed, subscribes to the embedded broker over MQTT with the realm's credentials
     * (a SUBSCRIBE once never got its SUBACK here: etc/artemis.xml) and turns what a STOMP client sends to the same
     * address into frames: MQTT's lab/room1/env is Artemis's address lab.room1.env.
     */
    @Test
    public void mqttDriverReadsTheEmbeddedBrokerOverMqtt() throws Exception {
        featuresService.installFeature("daqhub-driver-mqtt");
        dropConfig("org.daqhub.driver.mqtt-lab.cfg", "server.uri = tcp://127.0.0.1:61616\nusername = karaf\npassword = karaf\n"
                + "mqtt.topics = lab/+/env\ncolumns = t:/t\nclean.session = true\n");
        await("MQTT driver 'lab' subscribed", 60000, () -> karafLog().contains("MQTT driver 'lab' subscribed to [lab/+/env]"));
        InstanceStatus lab = await("frames from MQTT messages sent over STOMP", 60000, () -> {
            try (StompClient pub = new StompClient("127.0.0.1", 61616, "karaf", "karaf")) {
                pub.publish("/topic/lab.room1.env", "{\"t\": 21.5}");
            }
            InstanceStatus st = instance("driver", "lab");
            return st.frames() > 0 ? st : null;
        });
        assertEquals("RUNNING", lab.state());
        assertEquals(0, lab.restarts());
    }

    /**
     * Artemis audits every message at INFO (AMQ601500 ...), which under load rotated karaf.log in minutes: off by
     * default, and daqhub.broker.audit in etc/org.ops4j.pax.logging.cfg turns it on without a restart.
     */
    @Test
    public void brokerAuditLoggingIsOffUntilSwitchedOn() throws Exception {
        String body = "{\"msg_type\": \"stf_gen\", \"run_id\": 1}";
        await("a STOMP round trip through the broker", 90000, () -> roundTrip(body));
        for (int i = 0; i < 20; i++) {
            assertTrue(roundTrip(body));
        }
        assertFalse("audit lines in karaf.log", karafLog().contains("AMQ601"));

        Path cfg = karafHome().resolve("etc/org.ops4j.pax.logging.cfg");
        // Pax Exam rewrites the file (logLevel option): the spacing around '=' is not ours to rely on
        String on = Files.readString(cfg).replaceFirst("(?m)^daqhub\\.broker\\.audit\\s*=\\s*OFF\\s*$", "daqhub.broker.audit = INFO");
        assertTrue("the switch is in " + cfg, on.contains("daqhub.broker.audit = INFO"));
        Path tmp = cfg.resolveSibling(".audit.tmp");
        Files.writeString(tmp, on);
        Files.move(tmp, cfg, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await("audit lines once switched on", 60000, () -> roundTrip(body) && karafLog().contains("AMQ601500"));
    }

    private static boolean roundTrip(String body) throws Exception {
        try (StompClient sub = new StompClient("127.0.0.1", 61616, "karaf", "karaf");
                StompClient pub = new StompClient("127.0.0.1", 61616, "karaf", "karaf")) {
            sub.subscribe("/topic/epictopic");
            pub.publish("/topic/epictopic", body);
            return sub.read().endsWith(body);
        }
    }
}
