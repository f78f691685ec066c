package org.daqhub.core.bus;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The bus component: owns the single JeroMQ context of the platform and closes it on deactivate. */
@Component(service = {FrameBus.class, RuntimeStatus.class}, configurationPid = "org.daqhub.bus", immediate = true)
@Designate(ocd = BusConfig.class)
public class BusService implements FrameBus, RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

    private LocalFrameBus local;
    private ZContext zmq;
    private TcpBridge bridge;
    private RemoteLink remote;

    @Activate
    public void activate(Map<String, Object> props) {
        Settings cfg = Settings.of(withInstance(props));
        String node = cfg.string("node.id", "");
        if (node.isEmpty()) {
            node = hostName();
        }
        local = new LocalFrameBus(node);
        List<String> remotes = cfg.list("remote.subscribe");
        for (String r : remotes) {
            if (!r.matches("tcp://[^:/]+:\\d+")) {
                InvalidConfigException e = new InvalidConfigException("bus", "remote.subscribe", r, "must look like tcp://host:port");
                LOG.error("daqhub bus not started: {}", e.getMessage());
                throw e;
            }
        }
        if (cfg.bool("tcp.enabled", true) || !remotes.isEmpty()) {
            zmq = new ZContext(1);
        }
        if (cfg.bool("tcp.enabled", true)) {
            try {
                bridge = new TcpBridge(local, zmq, cfg.string("tcp.bind", "127.0.0.1"),
                        cfg.intValue("tcp.pub.port", 5560, 1), cfg.intValue("tcp.sub.port", 5561, 1),
                        cfg.intValue("tcp.queue.capacity", 10000, 1));
            } catch (RuntimeException e) {
                LOG.error(e.getMessage());
                zmq.close();
                throw e;
            }
        }
        if (!remotes.isEmpty()) {
            List<String> topics;
            try {
                topics = cfg.topicPatterns("remote.topics", List.of("data.*"));
            } catch (InvalidConfigException e) {
                LOG.error("daqhub bus not started: {}", e.getMessage());
                zmq.close();
                throw e;
            }
            remote = new RemoteLink(local, zmq, remotes, topics);
        }
        LOG.info("daqhub bus started on node {}", node);
    }

    private static Map<String, Object> withInstance(Map<String, Object> props) {
        Map<String, Object> m = new java.util.HashMap<>(props);
        m.putIfAbsent("service.pid", "bus");
        return m;
    }

    @Deactivate
    public void deactivate() {
        if (bridge != null) {
            bridge.close();
        }
        if (zmq != null) {
            zmq.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "daqhub";
        }
    }

    @Override
    public void publish(Frame frame) throws InterruptedException {
        local.publish(frame);
    }

    @Override
    public Subscription subscribe(String name, List<String> patterns, int capacity, OverflowPolicy policy) {
        return local.subscribe(name, patterns, capacity, policy);
    }

    @Override
    public String nodeId() {
        return local.nodeId();
    }

    @Override
    public List<InstanceStatus> instances() {
        List<InstanceStatus> out = new ArrayList<>();
        if (bridge != null) {
            out.addAll(bridge.status());
        }
        if (remote != null) {
            out.add(remote.status());
        }
        // a topic that got frames nobody subscribed to: one row each, so the loss is visible and exported
        local.unrouted().forEach((topic, n) -> out.add(new InstanceStatus("topic", topic, "unrouted",
                local.routed(topic) ? "ROUTED" : "UNROUTED", 0, 0, 0, 0, 0, 0, 0, 0,
                n + " frames published while nothing subscribed to this topic", 0, 0, 0, Map.of("unrouted", n))));
        return out;
    }

    /** True once some remote subscriber has subscribed to the TCP endpoint. */
    public boolean hasRemoteSubscribers() {
        return bridge != null && bridge.hasRemoteSubscribers();
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }
}
