package org.daqhub.fastmon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.persistence.EntityManagerFactory;

import org.daqhub.api.broker.MessageBroker;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fast monitoring (ePIC swf-fastmon-agent): registers STF files with their run, samples TF blocks from each,
 * announces every TF on the broadcast topic and to each active subscriber with probability {@code fraction},
 * and logs every dispatch. STFs arrive from drivers over the bus, from stf_ready messages, or over REST.
 * <p>
 * This component reads the configuration, wires its parts to the database, the bus and the broker, runs the
 * consumer thread, and reports counters and status; the parts do the work: {@link StfIntake} reads bus frames and
 * broker messages, {@link StfRegistrar} registers STFs and distributes their TF samples, {@link Bookkeeping}
 * reads and changes runs, files and subscribers.
 */
@Component(name = "org.daqhub.fastmon", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { FastMonitor.class, RuntimeStatus.class })
@Designate(ocd = FastmonConfig.class)
public class FastMonitor implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(FastMonitor.class);

    private final List<Subscription> subscriptions = new ArrayList<>();
    private AutoCloseable stfReadyListener;
    private Thread consumer;
    private volatile boolean stopping;

    private final FastmonCounters counters = new FastmonCounters(LOG);
    private final Bookkeeping bookkeeping;
    private final StfRegistrar registrar;
    private final StfIntake intake;

    @Activate
    public FastMonitor(@Reference Database database,
            @Reference(target = "(osgi.unit.name=daqhub-fastmon)") EntityManagerFactory emf,
            @Reference MessageBroker broker, @Reference FrameBus bus, Map<String, Object> props) {
        this(database, emf, broker, bus, props, new Random());
    }

    /** For tests: a seeded random source makes the sampling repeatable. */
    public FastMonitor(Database database, EntityManagerFactory emf, MessageBroker broker, FrameBus bus,
            Map<String, Object> props, Random random) {
        database.migrate("fastmon", FastMonitor.class.getClassLoader());
        for (String problem : org.daqhub.api.config.UnknownKeys.of(props,
                org.daqhub.api.config.UnknownKeys.declared(FastmonConfig.class))) {
            LOG.warn("etc/org.daqhub.fastmon.cfg: {}", problem);
            counters.lastError = problem; // shown in daqhub:status until another error replaces it
        }
        FastmonSettings c = FastmonSettings.read(props);
        FastmonStore store = new FastmonStore(emf);
        bookkeeping = new Bookkeeping(store);
        registrar = new StfRegistrar(store, counters, broker, random, c.tfFilesPerStf(), c.tfSizeFraction(),
                c.tfCount(), c.broadcastTopic(), c.agent());
        intake = new StfIntake(bookkeeping, registrar, counters, broker, c.broadcastTopic(), c.agent());
        if (bus != null) {
            Subscription stf = bus.subscribe("fastmon-stf", c.stfTopics(), 4096, OverflowPolicy.BLOCK);
            Subscription daq = bus.subscribe("fastmon-daq", c.daqTopics(), 4096, OverflowPolicy.BLOCK);
            subscriptions.add(stf);
            subscriptions.add(daq);
            consumer = new Thread(() -> intake.consume(stf, daq, () -> stopping), "daqhub-fastmon");
            consumer.setDaemon(true);
            consumer.start();
        }
        if (c.listenStfReady()) {
            stfReadyListener = broker.subscribe(c.broadcastTopic(), intake::onBroadcast);
        }
        registrar.status("started", null);
    }

    /** Runs, STF and TF files, subscribers and dispatches: what the REST resources and the shell read and change. */
    public Bookkeeping bookkeeping() {
        return bookkeeping;
    }

    /** Registers STF files and distributes their TF samples (REST's POST /api/v1/stf-files). */
    public StfRegistrar registrar() {
        return registrar;
    }

    /** The bus and broker input, for tests that hand it frames and messages directly. */
    StfIntake intake() {
        return intake;
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("stf_registered", counters.registered.get());
        m.put("stf_duplicates", counters.duplicates.get());
        m.put("frames_rejected", counters.rejected.get());
        m.put("tf_registered", counters.tfs.get());
        m.put("dispatched", counters.dispatched.get());
        m.put("dispatch_failures", counters.dispatchFailures.get());
        m.put("broker_ignored", counters.ignored.get());
        m.put("broker_refused", counters.refused.total());
        counters.refused.counts().forEach((reason, n) -> m.put("broker_refused_" + reason, n));
        return m;
    }

    @Override
    public List<InstanceStatus> instances() {
        // Drops: failed dispatches, rejected frames and refused broker messages; the counters say which broker
        // messages were ignored and which refused for what reason
        Map<String, Long> broker = new LinkedHashMap<>();
        broker.put("broker_ignored", counters.ignored.get());
        counters.refused.counts().forEach((reason, n) -> broker.put("broker_refused_" + reason, n));
        return List.of(new InstanceStatus("service", "fastmon", "org.daqhub.fastmon", "RUNNING",
                counters.registered.get(), 0, 0, 0, 0,
                counters.dispatchFailures.get() + counters.rejected.get() + counters.refused.total(), 0,
                subscriptions.stream().mapToInt(Subscription::depth).sum(), counters.lastError, 0, 0, 0, broker));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }

    @Deactivate
    public void deactivate() {
        stopping = true;
        if (consumer != null) {
            consumer.interrupt();
            try {
                consumer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscriptions.forEach(Subscription::close);
        if (stfReadyListener != null) {
            try {
                stfReadyListener.close();
            } catch (Exception e) {
                LOG.debug("closing stf_ready listener: {}", e.toString());
            }
        }
    }
}
