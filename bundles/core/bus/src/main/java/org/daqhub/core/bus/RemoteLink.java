package org.daqhub.core.bus;

import java.util.List;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.TopicPattern;
import org.daqhub.api.runtime.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Subscribes this node to other daqhub nodes' TCP endpoints ({@code remote.subscribe}) and republishes
 * their frames on the local bus. Frames arriving here are marked with their origin, and the local TCP
 * endpoint never sends such frames on, so two nodes linked both ways do not loop.
 */
final class RemoteLink {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteLink.class);

    private final LocalFrameBus bus;
    private final ZContext zmq;
    private final List<String> endpoints;
    private final List<String> topics;
    private final Thread thread;
    private volatile boolean running = true;
    private final FrameReceiver receiver;

    RemoteLink(LocalFrameBus bus, ZContext zmq, List<String> endpoints, List<String> topics) {
        this.bus = bus;
        this.zmq = zmq;
        this.endpoints = List.copyOf(endpoints);
        this.topics = List.copyOf(topics);
        this.receiver = new FrameReceiver(String.join(",", endpoints));
        ZMQ.Socket sub = zmq.createSocket(SocketType.SUB);
        sub.setReceiveTimeOut(100);
        sub.setHandshakeIvl(TcpBridge.HANDSHAKE_MS);
        sub.setLinger(0);
        for (String t : topics) {
            sub.subscribe(TopicPattern.prefix(t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String e : endpoints) {
            sub.connect(e); // ZMQ connects in the background and reconnects after a peer restart
        }
        thread = new Thread(() -> run(sub), "daqhub-bus-remote-in");
        thread.setDaemon(true);
        thread.start();
        LOG.info("daqhub bus: subscribed to remote nodes {} for topics {}", endpoints, topics);
    }

    private void run(ZMQ.Socket sub) {
        try {
            while (running) {
                Frame f = receiver.next(sub);
                // ZMQ subscribes by prefix (data.det1 also gets data.det10.x): the bus's own rules decide
                if (f != null && wanted(f.topic())) {
                    bus.publish(f.origin().isEmpty() ? f.withOrigin(f.source().isEmpty() ? "remote" : "remote:" + f.source()) : f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                receiver.lastError = String.valueOf(e);
                LOG.error("daqhub bus: remote link stopped", e);
            }
        } finally {
            zmq.destroySocket(sub);
        }
    }

    /** A plain loop: this runs for every frame received from another node. */
    private boolean wanted(String topic) {
        for (String t : topics) {
            if (TopicPattern.matches(t, topic)) {
                return true;
            }
        }
        return false;
    }

    InstanceStatus status() {
        return new InstanceStatus("bus", "remote-in", String.join(",", endpoints), thread.isAlive() ? "RUNNING" : "STOPPED",
                receiver.frames.get(), receiver.bytes.get(), 0, 0, 0, receiver.malformed.get(), 0, 0, receiver.lastError, 0, 0, 0);
    }

    void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
