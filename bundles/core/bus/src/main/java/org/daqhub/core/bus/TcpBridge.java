package org.daqhub.core.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The bus's TCP face. An XPUB socket lets other nodes and plain ZMQ clients subscribe to local frames
 * (only frames produced on this node are sent, so forwarding never echoes a frame back); a SUB socket
 * lets them publish frames into this node. Frames are encoded with {@link FrameCodec} only here.
 */
final class TcpBridge {
    private static final Logger LOG = LoggerFactory.getLogger(TcpBridge.class);

    static final int HANDSHAKE_MS = 2000;

    private final LocalFrameBus bus;
    private final ZContext zmq;
    private final String pubEndpoint;
    private final String subEndpoint;
    private final int outCapacity;
    private final Thread outThread;
    private final Thread inThread;
    private volatile boolean running = true;
    private volatile String outError = "";
    private volatile Subscription outbound;
    private final FrameReceiver inbound;

    final AtomicLong framesOut = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong droppedBefore = new AtomicLong();

    TcpBridge(LocalFrameBus bus, ZContext zmq, String bind, int pubPort, int subPort, int outCapacity) {
        this.bus = bus;
        this.zmq = zmq;
        this.pubEndpoint = "tcp://" + bind + ":" + pubPort;
        this.subEndpoint = "tcp://" + bind + ":" + subPort;
        this.outCapacity = outCapacity;
        this.inbound = new FrameReceiver(subEndpoint);
        // Check the ports before ZMQ touches them: a failed bind inside JeroMQ left its I/O machinery in a state
        // that delayed every later socket in the JVM by 20-30 s (seen in TcpBridgeTest), and a cfg fix would
        // re-activate the bus in the same JVM.
        ensureFree(bind, pubPort, "tcp.pub.port");
        ensureFree(bind, subPort, "tcp.sub.port");
        ZMQ.Socket xpub = zmq.createSocket(SocketType.XPUB);
        ZMQ.Socket sub = zmq.createSocket(SocketType.SUB);
        try {
            // a ZMTP handshake that stalls is abandoned and retried after this long (ZMQ's default is 30 s)
            xpub.setHandshakeIvl(HANDSHAKE_MS);
            sub.setHandshakeIvl(HANDSHAKE_MS);
            xpub.setXpubVerbose(true);
            // a slow remote subscriber makes send() fail instead of ZMQ dropping silently; see send()
            xpub.setXpubNoDrop(true);
            xpub.setReceiveTimeOut(0);
            xpub.setLinger(0);
            bindOrFail(xpub, pubEndpoint, "tcp.pub.port");
            sub.setReceiveTimeOut(100);
            sub.setLinger(0);
            sub.subscribe(new byte[0]);
            bindOrFail(sub, subEndpoint, "tcp.sub.port");
        } catch (RuntimeException e) {
            zmq.destroySocket(xpub);
            zmq.destroySocket(sub);
            throw e;
        }
        outThread = new Thread(() -> runOutbound(xpub), "daqhub-bus-tcp-out");
        inThread = new Thread(() -> runInbound(sub), "daqhub-bus-tcp-in");
        outThread.setDaemon(true);
        inThread.setDaemon(true);
        outThread.start();
        inThread.start();
        LOG.info("daqhub bus: remote subscribers connect to {}, remote publishers to {}", pubEndpoint, subEndpoint);
    }

    private static void ensureFree(String bind, int port, String key) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(bind, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("daqhub bus: cannot bind tcp://" + bind + ":" + port + " (" + key
                    + " in etc/org.daqhub.bus.cfg): " + e.getMessage() + " (another daqhub on this machine needs other ports)", e);
        }
    }

    private static void bindOrFail(ZMQ.Socket s, String endpoint, String key) {
        try {
            if (!s.bind(endpoint)) {
                throw new IllegalStateException("cannot bind " + endpoint);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("daqhub bus: cannot bind " + endpoint + " (" + key + " in etc/org.daqhub.bus.cfg): "
                    + e.getMessage() + " (address in use? another daqhub on this machine needs other ports)", e);
        }
    }

    private void runOutbound(ZMQ.Socket xpub) {
        Map<String, Integer> remotePrefixes = new HashMap<>();
        List<Frame> batch = new ArrayList<>();
        try {
            while (running) {
                byte[] msg;
                while ((msg = xpub.recv(ZMQ.DONTWAIT)) != null) {
                    updatePrefixes(remotePrefixes, msg);
                }
                Subscription s = outbound;
                if (remotePrefixes.isEmpty()) {
                    if (s != null) {
                        droppedBefore.addAndGet(s.dropped());
                        s.close();
                        outbound = null;
                    }
                    Thread.sleep(20);
                    continue;
                }
                if (s == null) {
                    s = bus.subscribe("tcp-out", List.of("*"), outCapacity, OverflowPolicy.DROP_OLDEST);
                    outbound = s;
                }
                Frame f = s.poll(20, TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                batch.add(f);
                s.drainTo(batch, 255);
                for (Frame frame : batch) {
                    if (frame.origin().isEmpty() && wanted(remotePrefixes, frame.topic())) {
                        send(xpub, frame);
                    }
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            outError = String.valueOf(e);
            LOG.error("daqhub bus: outbound TCP bridge stopped", e);
        } finally {
            Subscription s = outbound;
            if (s != null) {
                s.close();
            }
            zmq.destroySocket(xpub);
        }
    }

    private void send(ZMQ.Socket xpub, Frame f) throws InterruptedException {
        byte[] payload = FrameCodec.encodePayload(f);
        // Wait while a subscriber is at its high-water mark; meanwhile the local outbound queue fills and,
        // being drop_oldest, drops (and counts) instead of slowing local acquisition.
        while (!xpub.send(FrameCodec.encodeTopic(f), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            if (!running) {
                return;
            }
            Thread.sleep(1);
        }
        xpub.sendMore(FrameCodec.encodeHeader(f));
        xpub.send(payload);
        framesOut.incrementAndGet();
        bytesOut.addAndGet(payload.length);
    }

    private static void updatePrefixes(Map<String, Integer> prefixes, byte[] msg) {
        if (msg.length == 0 || (msg[0] != 0 && msg[0] != 1)) {
            return;
        }
        String prefix = new String(msg, 1, msg.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        if (msg[0] == 1) {
            prefixes.merge(prefix, 1, Integer::sum);
        } else {
            prefixes.computeIfPresent(prefix, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    private static boolean wanted(Map<String, Integer> prefixes, String topic) {
        for (String p : prefixes.keySet()) {
            if (topic.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private void runInbound(ZMQ.Socket sub) {
        try {
            while (running) {
                Frame f = inbound.next(sub);
                if (f != null) {
                    bus.publish(f.origin().isEmpty() ? f.withOrigin("remote") : f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                inbound.lastError = String.valueOf(e);
                LOG.error("daqhub bus: inbound TCP bridge stopped", e);
            }
        } finally {
            zmq.destroySocket(sub);
        }
    }

    boolean hasRemoteSubscribers() {
        return outbound != null;
    }

    List<InstanceStatus> status() {
        Subscription s = outbound;
        long dropped = droppedBefore.get() + (s == null ? 0 : s.dropped());
        return List.of(
                new InstanceStatus("bus", "tcp-out", pubEndpoint, outThread.isAlive() ? "RUNNING" : "STOPPED",
                        framesOut.get(), bytesOut.get(), 0, 0, 0, dropped, 0, s == null ? 0 : s.depth(), outError, 0, 0, 0),
                new InstanceStatus("bus", "tcp-in", subEndpoint, inThread.isAlive() ? "RUNNING" : "STOPPED",
                        inbound.frames.get(), inbound.bytes.get(), 0, 0, 0, inbound.malformed.get(), 0, 0, inbound.lastError, 0, 0, 0));
    }

    void close() {
        running = false;
        try {
            outThread.join(2000);
            inThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
