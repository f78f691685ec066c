package org.daqhub.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.Table;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The bus's TCP endpoints against plain JeroMQ sockets, as a remote node or a pyzmq client would use them. */
class TcpBridgeTest {
    private BusService bus;
    private ZContext client;
    private int pubPort;
    private int subPort;

    @BeforeEach
    void start() throws Exception {
        pubPort = freePort();
        subPort = freePort();
        bus = new BusService();
        bus.activate(Map.of("tcp.pub.port", String.valueOf(pubPort), "tcp.sub.port", String.valueOf(subPort), "node.id", "n1"));
        client = new ZContext();
    }

    @AfterEach
    void stop() {
        client.close();
        bus.deactivate();
    }

    @Test
    void remoteSubscriberReceivesLocalFramesByPrefix() throws Exception {
        ZMQ.Socket sub = client.createSocket(SocketType.SUB);
        sub.setHandshakeIvl(2000);
        sub.connect("tcp://127.0.0.1:" + pubPort);
        sub.subscribe("data.det1.".getBytes());
        sub.setReceiveTimeOut(100);
        Table t = Table.builder().addFloat64("v", new double[] {1.5, 2.5}).build();
        byte[][] got = null;
        // publish until the subscription has propagated (ZMQ slow joiner), then check what arrived
        for (int i = 0; i < 400 && got == null; i++) {
            bus.publish(Frame.ofTable("data.det2.adc", "det2", i, 0, 0, t)); // not subscribed
            bus.publish(Frame.ofTable("data.det1.adc", "det1", i, 0, 0, t));
            byte[] topic = sub.recv();
            if (topic != null) {
                got = new byte[][] {topic, sub.recv(), sub.recv()};
            }
        }
        assertNotNull(got, "no frame reached the remote subscriber");
        Frame f = FrameCodec.decode(got[0], got[1], got[2]);
        assertEquals("data.det1.adc", f.topic());
        assertEquals(2.5, f.table().column("v").getDouble(1));
    }

    @Test
    void remotePublisherFeedsLocalSubscribersAndMalformedFramesAreCounted() throws Exception {
        Subscription local = bus.subscribe("s", List.of("data.remote.*"), 100, OverflowPolicy.BLOCK);
        ZMQ.Socket pub = client.createSocket(SocketType.PUB);
        pub.setHandshakeIvl(2000);
        pub.connect("tcp://127.0.0.1:" + subPort);
        Frame f = Frame.ofRaw("data.remote.x", "r", 5, 6, 7, null, new byte[] {9});
        Frame got = null;
        // until the PUB's connection and our subscription are through (ZMQ slow joiner); generous for a loaded CI machine
        for (int i = 0; i < 400 && got == null; i++) {
            pub.sendMore("data.remote.x");
            pub.send("garbage"); // two parts only: malformed
            pub.sendMore(FrameCodec.encodeTopic(f));
            pub.sendMore(FrameCodec.encodeHeader(f));
            pub.send(FrameCodec.encodePayload(f));
            got = local.poll(50, TimeUnit.MILLISECONDS);
        }
        assertNotNull(got, "no frame came in over TCP within 20 s; status " + bus.instances());
        assertEquals(5, got.sequence());
        assertEquals("remote", got.origin(), "inbound frames are marked so they are never forwarded back");
        InstanceStatus in = bus.instances().stream().filter(s -> s.instance().equals("tcp-in")).findFirst().orElseThrow();
        assertTrue(in.dropped() >= 1, "malformed frames are counted");
        assertTrue(in.lastError().contains("expected 3 parts"), in.lastError());
    }

    @Test
    void busyPortGivesAClearError() throws Exception {
        BusService second = new BusService();
        try {
            second.activate(Map.of("tcp.pub.port", String.valueOf(pubPort), "tcp.sub.port", String.valueOf(freePort())));
            throw new AssertionError("second bind on the same port must fail");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("tcp.pub.port"), e.getMessage());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
