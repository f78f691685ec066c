package org.daqhub.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.BusService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Two daqhub nodes in two JVMs: node A (a child JVM) publishes; on node B (this JVM) a store, run by the
 * real store runner, subscribed to A's topics over TCP, writes every frame exactly once, and B never
 * sends A's frames on.
 */
class CrossNodeTest {
    @TempDir
    Path tmp;

    /** Records what it is given. */
    static final class RecordingStore implements Store {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public synchronized void write(List<Frame> batch) {
            frames.addAll(batch);
        }

        synchronized List<Frame> frames() {
            return new ArrayList<>(frames);
        }
    }

    @Test
    void framesFromAnotherJvmReachAStoreExactlyOnceAndAreNotForwardedBack() throws Exception {
        int aPub = freePort();
        int aSub = freePort();
        int n = 5000;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process nodeA = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemoteNodeMain.class.getName(),
                String.valueOf(aPub), String.valueOf(aSub), String.valueOf(n)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(nodeA.getInputStream()));
        BusService nodeB = new BusService();
        StoreSupervisor stores = new StoreSupervisor(nodeB);
        try (ZContext client = new ZContext()) {
            assertEquals("READY", readUntil(out, "READY"));
            int bPub = freePort();
            nodeB.activate(Map.of("node.id", "nodeB", "tcp.pub.port", String.valueOf(bPub), "tcp.sub.port", String.valueOf(freePort()),
                    "remote.subscribe", "tcp://127.0.0.1:" + aPub));
            // a plain ZMQ subscriber on node B's endpoint: it must not get node A's frames echoed
            ZMQ.Socket spy = client.createSocket(SocketType.SUB);
            spy.connect("tcp://127.0.0.1:" + bPub);
            spy.subscribe("data.".getBytes());
            stores.activate(Map.of("spool.dir", tmp.toString()));
            RecordingStore store = new RecordingStore();
            stores.addStore(store, Map.of("service.pid", "org.daqhub.store.test~archive", "topics", "data.nodeA.*"));
            assertEquals("SUBSCRIBED", readUntil(out, "SUBSCRIBED"));
            nodeA.getOutputStream().write("GO\n".getBytes());
            nodeA.getOutputStream().flush();

            assertEquals("SENT " + n, readUntil(out, "SENT"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (store.frames().size() < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // anything extra (a duplicate) would arrive now
            List<Frame> got = store.frames();
            assertEquals(n, got.size(), "frames written on node B");
            for (int i = 0; i < n; i++) {
                assertEquals(i, got.get(i).sequence(), "in order, no gap, no duplicate");
                assertEquals("remote:nodeA-sim", got.get(i).origin());
            }
            InstanceStatus tcpOut = nodeB.instances().stream().filter(s -> s.instance().equals("tcp-out")).findFirst().orElseThrow();
            assertEquals(0, tcpOut.frames(), "node B forwarded frames that came from node A");
            spy.setReceiveTimeOut(200);
            assertEquals(null, spy.recv());
            InstanceStatus in = nodeB.instances().stream().filter(s -> s.instance().equals("remote-in")).findFirst().orElseThrow();
            assertEquals(n, in.frames());
        } finally {
            stores.deactivate();
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
