package org.daqhub.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Two daqhub nodes in two JVMs: node A publishes, node B (this JVM) receives over TCP and never echoes. */
class CrossNodeTest {

    @Test
    void framesFromAnotherJvmArriveExactlyOnceAndAreNotForwardedBack() throws Exception {
        int aPub = freePort();
        int aSub = freePort();
        int n = 5000;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process nodeA = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemoteNodeMain.class.getName(),
                String.valueOf(aPub), String.valueOf(aSub), String.valueOf(n)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(nodeA.getInputStream()));
        BusService nodeB = new BusService();
        try (ZContext client = new ZContext()) {
            assertEquals("READY", readUntil(out, "READY"));
            int bPub = freePort();
            nodeB.activate(Map.of("node.id", "nodeB", "tcp.pub.port", String.valueOf(bPub), "tcp.sub.port", String.valueOf(freePort()),
                    "remote.subscribe", "tcp://127.0.0.1:" + aPub));
            // a plain ZMQ subscriber on node B's endpoint: it must not get node A's frames echoed
            ZMQ.Socket spy = client.createSocket(SocketType.SUB);
            spy.connect("tcp://127.0.0.1:" + bPub);
            spy.subscribe("data.".getBytes());
            Subscription store = nodeB.subscribe("store", List.of("data.nodeA.*"), 100_000, OverflowPolicy.BLOCK);

            for (long expected = 0; expected < n; expected++) {
                Frame f = store.poll(20, TimeUnit.SECONDS);
                assertNotNull(f, "frame " + expected + " did not arrive");
                assertEquals(expected, f.sequence(), "in order, no gap, no duplicate");
                assertEquals("remote:nodeA-sim", f.origin());
            }
            assertEquals("SENT " + n, readUntil(out, "SENT"));
            assertEquals(null, store.poll(200, TimeUnit.MILLISECONDS), "no duplicates after the last frame");

            InstanceStatus tcpOut = nodeB.instances().stream().filter(s -> s.instance().equals("tcp-out")).findFirst().orElseThrow();
            assertEquals(0, tcpOut.frames(), "node B forwarded frames that came from node A");
            spy.setReceiveTimeOut(200);
            assertEquals(null, spy.recv());
            InstanceStatus in = nodeB.instances().stream().filter(s -> s.instance().equals("remote-in")).findFirst().orElseThrow();
            assertEquals(n, in.frames());
        } finally {
            nodeB.deactivate();
            nodeA.destroy();
            assertTrue(nodeA.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aBadRemoteEndpointNamesTheKey() {
        BusService b = new BusService();
        try {
            b.activate(Map.of("tcp.enabled", "false", "remote.subscribe", "node2:5560"));
            throw new AssertionError("must fail");
        } catch (org.daqhub.api.config.InvalidConfigException e) {
            assertEquals("instance 'bus': remote.subscribe='node2:5560' must look like tcp://host:port", e.getMessage());
        }
    }

    private static String readUntil(BufferedReader r, String prefix) throws Exception {
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return "(node A ended)";
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
