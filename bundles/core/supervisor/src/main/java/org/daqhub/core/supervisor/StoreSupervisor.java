package org.daqhub.core.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.bus.TopicPattern;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.api.store.Store;
import org.daqhub.api.store.StoreProperties;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard for {@link Store} services: subscribes each store instance to the topics in its cfg and runs
 * a {@link StoreRunner} for it. When a store goes away, frames already queued for it are written first.
 * {@code daqhub:restart} on a store retries a failing write now instead of waiting out the backoff.
 */
@Component(service = { RuntimeStatus.class, StoreSupervisor.class }, configurationPid = "org.daqhub.supervisor",
        immediate = true, property = "daqhub.kind=store")
public class StoreSupervisor extends InstanceSupervisor<Store, StoreRunner> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSupervisor.class);

    @Reference
    private FrameBus bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    private Path spoolBase;
    private Path sequenceDir;
    /** Store instance → topics, of every store configured (running or not); without Karaf, what a test says. */
    private Supplier<Map<String, List<String>>> configured = () -> ConfiguredStores.in(configAdmin);

    public StoreSupervisor() {
        super("store", LOG);
    }

    /** For use without a container (tests, benchmarks). */
    public StoreSupervisor(FrameBus bus) {
        this();
        this.bus = bus;
    }

    /** For use without a container: {@code configured} stands in for the cfg files (instance → topics). */
    public StoreSupervisor(FrameBus bus, Supplier<Map<String, List<String>>> configured) {
        this(bus);
        this.configured = configured;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        String spool = s.string("spool.dir", ""); // empty (what the metatype form saves by default): data/spool
        spoolBase = spool.isEmpty() ? Paths.get(System.getProperty("karaf.data", "data"), "spool") : Paths.get(spool);
        sequenceDir = sequenceDir(s);
        startAll(s);
    }

    @Deactivate
    public void deactivate() {
        stopAll();
    }

    /** For use without a container (tests, benchmarks): no metatype, so keys are not checked. */
    public void addStore(Store store, Map<String, Object> props) {
        add(store, props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStore")
    void bindStore(Store store, ServiceReference<Store> ref, Map<String, Object> props) {
        add(store, props, MetatypeKeys.declared(metatype, ref, props));
    }

    void unbindStore(Store store) {
        remove(store);
    }

    public void removeStore(Store store, Map<String, Object> props) {
        remove(store);
    }

    @Override
    StoreRunner create(Store store, Settings s, String instance, String type) {
        List<String> topics = s.topicPatterns(StoreProperties.TOPICS, List.of());
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
        LOG.info("daqhub store '{}' subscribed to {}", instance, topics);
        return new StoreRunner(instance, type, store, sub, batch, maxBytes, linger, sup, spool, spoolOverflow,
                new MappedCounters(sequenceDir, "store-" + instance));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metatype;

    @Override
    java.util.Set<String> platformKeys() {
        return ConfigKeys.STORE_RUNNER;
    }

    @Override
    List<InstanceProblem> failedComponents() {
        ServiceComponentRuntime r = scr;
        return r == null ? List.of() : FailedComponents.of(r, "store", Store.class.getName());
    }

    /**
     * The store instances configured for topics that driver {@code driver} publishes to (data.driver.*) which
     * have not subscribed yet; stores that cannot start (bad settings) are not waited for.
     */
    List<String> notSubscribedFor(String driver) {
        Map<String, List<String>> all;
        try {
            all = configured.get();
        } catch (RuntimeException e) {
            LOG.warn("daqhub: cannot list the configured stores ({}); drivers start without waiting", e.toString());
            return List.of();
        }
        String prefix = "data." + driver;
        Set<String> ready = runningOrInvalid();
        failedComponents().forEach(p -> ready.add(p.instance()));
        List<String> out = new ArrayList<>();
        all.forEach((instance, topics) -> {
            if (!ready.contains(instance) && topics.stream().anyMatch(t -> TopicPattern.canMatchBelow(t, prefix))) {
                out.add(instance);
            }
        });
        return out;
    }
}
