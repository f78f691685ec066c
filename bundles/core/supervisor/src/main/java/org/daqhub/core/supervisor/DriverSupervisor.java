package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard for {@link Driver} services: every driver instance that appears is run by a
 * {@link DriverRunner}, and stopped when its service goes away (cfg deleted, feature uninstalled).
 */
@Component(service = RuntimeStatus.class, configurationPid = "org.daqhub.supervisor", immediate = true,
        property = "daqhub.kind=driver")
@Designate(ocd = SupervisorConfig.class)
public class DriverSupervisor implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSupervisor.class);

    @Reference
    private FrameBus bus;

    private final Map<Driver, Map<String, Object>> drivers = new LinkedHashMap<>();
    private final Map<Driver, DriverRunner> runners = new LinkedHashMap<>();
    private final Map<Driver, InstanceProblem> problems = new LinkedHashMap<>();
    private SupervisionSettings defaults = SupervisionSettings.DEFAULTS;
    private ScheduledExecutorService ticker;
    private boolean active;

    public DriverSupervisor() {
    }

    /** For use without a container (tests, benchmarks). */
    public DriverSupervisor(FrameBus bus) {
        this.bus = bus;
    }

    @Activate
    public synchronized void activate(Map<String, Object> props) {
        defaults = SupervisionSettings.read(Settings.of(props), SupervisionSettings.DEFAULTS);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-driver-supervisor");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        active = true;
        drivers.forEach(this::start);
    }

    @Deactivate
    public synchronized void deactivate() {
        active = false;
        ticker.shutdownNow();
        runners.values().forEach(DriverRunner::stop);
        runners.clear();
        problems.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void addDriver(Driver driver, Map<String, Object> props) {
        drivers.put(driver, props);
        if (active) {
            start(driver, props);
        }
    }

    public synchronized void removeDriver(Driver driver, Map<String, Object> props) {
        drivers.remove(driver);
        problems.remove(driver);
        DriverRunner r = runners.remove(driver);
        if (r != null) {
            r.stop();
            LOG.info("daqhub driver '{}' stopped after {} frames", r.instance, r.frames.get());
        }
    }

    private void start(Driver driver, Map<String, Object> props) {
        String instance = Settings.instanceName(props);
        String type = String.valueOf(props.getOrDefault("component.name", driver.getClass().getName()));
        try {
            SupervisionSettings s = SupervisionSettings.read(Settings.of(props), defaults);
            for (DriverRunner other : runners.values()) {
                if (other.instance.equals(instance)) {
                    LOG.warn("daqhub: two drivers are named '{}' ({} and {}): their topics data.{}.* collide", instance,
                            other.type, type, instance);
                }
            }
            DriverRunner r = new DriverRunner(instance, type, driver, bus, s);
            runners.put(driver, r);
            r.start();
            LOG.info("daqhub driver '{}' ({}) started", instance, type);
        } catch (InvalidConfigException e) {
            problems.put(driver, new InstanceProblem("driver", instance, type, e.getMessage()));
            LOG.error("daqhub driver '{}' not started: {}", instance, e.getMessage());
        }
    }

    private synchronized void tick() {
        for (DriverRunner r : runners.values()) {
            try {
                r.tick();
            } catch (RuntimeException e) {
                LOG.warn("daqhub supervisor: tick of '{}' failed", r.instance, e);
            }
        }
    }

    @Override
    public synchronized List<InstanceStatus> instances() {
        List<InstanceStatus> out = new ArrayList<>();
        runners.values().forEach(r -> out.add(r.status()));
        problems.values().forEach(p -> out.add(p.status()));
        return out;
    }

    @Override
    public synchronized boolean restart(String instance) {
        boolean found = false;
        for (DriverRunner r : runners.values()) {
            if (r.instance.equals(instance)) {
                r.restart();
                found = true;
            }
        }
        return found;
    }
}
