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

    /**
     * etc/org.daqhub.bus.cfg ({@link BusConfig}), validated. The tcp.* keys are read only with tcp.enabled ({@code tcp}
     * is null without), remote.topics only with remote.subscribe ({@code remoteTopics} is empty without).
     */
    record Config(String nodeId, Tcp tcp, List<String> remotes, List<String> remoteTopics) {
    }

    /** The TCP endpoints' settings. */
    record Tcp(String bind, int pubPort, int subPort, int queueCapacity) {
    }

    @Activate
    public void activate(Map<String, Object> props) {
        Config c = read(props);
        String node = c.nodeId().isEmpty() ? hostName() : c.nodeId();
        local = new LocalFrameBus(node);
        if (c.tcp() != null || !c.remotes().isEmpty()) {
            zmq = new ZContext(1);
        }
        if (c.tcp() != null) {
            try {
                bridge = new TcpBridge(local, zmq, c.tcp().bind(), c.tcp().pubPort(), c.tcp().subPort(),
                        c.tcp().queueCapacity());
            } catch (RuntimeException e) {
                LOG.error(e.getMessage());
                zmq.close();
                throw e;
            }
        }
        if (!c.remotes().isEmpty()) {
            remote = new RemoteLink(local, zmq, c.remotes(), c.remoteTopics());
        }
        LOG.info("daqhub bus started on node {}", node);
    }

    static Config read(Map<String, ?> props) {
        Settings cfg = Settings.of(withInstance(props));
        try {
            String node = cfg.string("node.id", "");
            List<String> remotes = cfg.list("remote.subscribe");
            for (String r : remotes) {
                if (!r.matches("tcp://[^:/]+:\\d+")) {
                    throw new InvalidConfigException("bus", "remote.subscribe", r, "must look like tcp://host:port");
                }
            }
            Tcp tcp = !cfg.bool("tcp.enabled", true) ? null : new Tcp(cfg.string("tcp.bind", "127.0.0.1"),
                    cfg.intValue("tcp.pub.port", 5560, 1), cfg.intValue("tcp.sub.port", 5561, 1),
                    cfg.intValue("tcp.queue.capacity", 10000, 1));
            List<String> topics = remotes.isEmpty() ? List.of() : cfg.topicPatterns("remote.topics", List.of("data.*"));
            return new Config(node, tcp, remotes, topics);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub bus not started: {}", e.getMessage());
            throw e;
        }
    }

    /** The instance the errors name is "bus" when no cfg gives a PID (props is read, not copied, when one does). */
    private static Map<String, ?> withInstance(Map<String, ?> props) {
        if (props.get("service.pid") != null) {
            return props;
        }
        Map<String, Object> m = new java.util.HashMap<>(props);
        m.put("service.pid", "bus");
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
