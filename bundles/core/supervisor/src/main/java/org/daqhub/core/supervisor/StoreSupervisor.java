package org.daqhub.core.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.api.store.Store;
import org.daqhub.api.store.StoreProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard for {@link Store} services: subscribes each store instance to the topics in its cfg and runs
 * a {@link StoreRunner} for it. When a store goes away, frames already queued for it are written first.
 */
@Component(service = RuntimeStatus.class, configurationPid = "org.daqhub.supervisor", immediate = true,
        property = "daqhub.kind=store")
public class StoreSupervisor implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSupervisor.class);

    @Reference
    private FrameBus bus;

    private final Map<Store, Map<String, Object>> stores = new LinkedHashMap<>();
    private final Map<Store, StoreRunner> runners = new LinkedHashMap<>();
    private final Map<Store, InstanceProblem> problems = new LinkedHashMap<>();
    private SupervisionSettings defaults = SupervisionSettings.DEFAULTS;
    private Path spoolBase;
    private ScheduledExecutorService ticker;
    private boolean active;

    public StoreSupervisor() {
    }

    /** For use without a container (tests, benchmarks). */
    public StoreSupervisor(FrameBus bus) {
        this.bus = bus;
    }

    @Activate
    public synchronized void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        defaults = SupervisionSettings.read(s, SupervisionSettings.DEFAULTS);
        spoolBase = Paths.get(s.string("spool.dir", Paths.get(System.getProperty("karaf.data", "data"), "spool").toString()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-store-supervisor");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        active = true;
        stores.forEach(this::start);
    }

    @Deactivate
    public synchronized void deactivate() {
        active = false;
        ticker.shutdownNow();
        runners.values().forEach(StoreRunner::stop);
        runners.clear();
        problems.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void addStore(Store store, Map<String, Object> props) {
        stores.put(store, props);
        if (active) {
            start(store, props);
        }
    }

    public synchronized void removeStore(Store store, Map<String, Object> props) {
        stores.remove(store);
        problems.remove(store);
        StoreRunner r = runners.remove(store);
        if (r != null) {
            r.stop();
            LOG.info("daqhub store '{}' stopped after {} frames", r.instance, r.frames.get());
        }
    }

    private void start(Store store, Map<String, Object> props) {
        Settings s = Settings.of(props);
        String instance = s.instance();
        String type = String.valueOf(props.getOrDefault("component.name", store.getClass().getName()));
        try {
            List<String> topics = s.list(StoreProperties.TOPICS);
            if (topics.isEmpty()) {
                throw new InvalidConfigException(instance, StoreProperties.TOPICS, null, "is required (e.g. topics=data.detector1.*)");
            }
            int batch = s.intValue(StoreProperties.BATCH_SIZE, 1000, 1);
            long maxBytes = s.integer(StoreProperties.BATCH_MAX_BYTES, 64L << 20, 1);
            long linger = s.integer(StoreProperties.BATCH_LINGER_MS, 50, 0);
            int capacity = s.intValue(StoreProperties.QUEUE_CAPACITY, 10000, 1);
            OverflowPolicy policy = s.parsed(StoreProperties.OVERFLOW, OverflowPolicy.BLOCK, OverflowPolicy::parse);
            SupervisionSettings sup = SupervisionSettings.read(s, defaults);
            boolean spooled = s.bool("spool.enabled", true);
            long spoolMax = s.integer("spool.max.bytes", 1L << 30, 1);
            OverflowPolicy spoolOverflow = s.parsed("spool.overflow", OverflowPolicy.BLOCK, OverflowPolicy::parse);
            Spool spool = null;
            if (spooled) {
                try {
                    spool = new Spool(spoolBase.resolve(instance), spoolMax);
                    if (!spool.isEmpty()) {
                        LOG.info("daqhub store '{}': {} frames left in its spool from before; replaying them first", instance, spool.frames());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.error("daqhub store '{}': cannot open its spool under {} ({}); running without one", instance,
                            spoolBase.resolve(instance), e.toString());
                }
            }
            Subscription sub = bus.subscribe("store:" + instance, topics, capacity, policy);
            StoreRunner r = new StoreRunner(instance, type, store, sub, batch, maxBytes, linger, sup, spool, spoolOverflow);
            runners.put(store, r);
            r.start();
            LOG.info("daqhub store '{}' ({}) started on topics {}", instance, type, topics);
        } catch (InvalidConfigException e) {
            problems.put(store, new InstanceProblem("store", instance, type, e.getMessage()));
            LOG.error("daqhub store '{}' not started: {}", instance, e.getMessage());
        }
    }

    private synchronized void tick() {
        runners.values().forEach(StoreRunner::tick);
    }

    @Override
    public synchronized List<InstanceStatus> instances() {
        List<InstanceStatus> out = new ArrayList<>();
        runners.values().forEach(r -> out.add(r.status()));
        problems.values().forEach(p -> out.add(p.status()));
        return out;
    }

    /** For a store, restart means: retry a failing write now instead of waiting out the backoff. */
    @Override
    public synchronized boolean restart(String instance) {
        boolean found = false;
        for (StoreRunner r : runners.values()) {
            if (r.instance.equals(instance)) {
                r.retryNow();
                found = true;
            }
        }
        return found;
    }
}
