package org.daqhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
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
}
