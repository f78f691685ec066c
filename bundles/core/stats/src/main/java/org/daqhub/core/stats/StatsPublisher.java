package org.daqhub.core.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ENRGDAQ's statistics job on daqhub's bus: every {@code interval.s} a frame on {@code stats.<node>} with one row per
 * instance ({@link StatsTables}) and one on {@code stats.<node>.remote} with the bus links; any store whose
 * {@code topics} match (e.g. a CSV store with {@code topics = stats.*}) writes them, as ENRGDAQ's stats.csv and
 * stats_remote.csv. Runs only with etc/org.daqhub.stats.cfg present, so a node without a stats store counts no
 * unrouted frames.
 */
@Component(name = "org.daqhub.stats", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = StatsConfig.class)
public class StatsPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(StatsPublisher.class);
    private final FrameBus bus;
    private final List<RuntimeStatus> parts = new CopyOnWriteArrayList<>();
    private final StatsTables tables = new StatsTables();
    private final ScheduledExecutorService ticker;
    private final String topic;
    // contiguous per topic (stores count gaps per topic and source); from 0 at each start, which a store logs as a
    // source started again rather than counting the jump as missing frames
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong remoteSequence = new AtomicLong();
    private volatile boolean failing;

    @Activate
    public StatsPublisher(@Reference FrameBus bus, Map<String, Object> props) {
        this.bus = bus;
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(StatsConfig.class))) {
            LOG.warn("etc/org.daqhub.stats.cfg: {}", problem);
        }
        int interval = Settings.of(props).intValue("interval.s", 5, 1);
        topic = "stats." + bus.nodeId().replaceAll("[^A-Za-z0-9_-]", "_");
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-stats");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::publish, interval, interval, TimeUnit.SECONDS);
        LOG.info("daqhub stats: every {} s on {} and {}.remote", interval, topic, topic);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPart(RuntimeStatus part) {
        parts.add(part);
    }

    void removePart(RuntimeStatus part) {
        parts.remove(part);
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
    }

    /** One snapshot onto the bus (the ticker's; public for tests that do not want to wait). */
    void publish() {
        try {
            List<InstanceStatus> all = new ArrayList<>();
            for (RuntimeStatus p : parts) {
                all.addAll(p.instances());
            }
            all.sort(Comparator.comparing(InstanceStatus::kind).thenComparing(InstanceStatus::instance));
            String node = bus.nodeId();
            long now = Frame.epochNanosNow();
            Table rows;
            synchronized (tables) {
                rows = tables.instances(node, all, Instant.now());
            }
            bus.publish(Frame.ofTable(topic, "stats", sequence.getAndIncrement(), now, 0, rows));
            List<InstanceStatus> links = all.stream().filter(s -> s.kind().equals("bus")).toList();
            if (!links.isEmpty()) {
                bus.publish(Frame.ofTable(topic + ".remote", "stats", remoteSequence.getAndIncrement(), now, 0,
                        StatsTables.remote(node, links)));
            }
            if (failing) {
                failing = false;
                LOG.info("daqhub stats: publishing again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("daqhub stats: a snapshot failed: {}", e.toString());
            }
            failing = true;
        }
    }
}
