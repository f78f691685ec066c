package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.slf4j.Logger;

/**
 * What the driver and store whiteboards share: one runner per service instance, started when the service
 * appears (or when the supervisor activates), stopped when it goes; instances with bad settings kept as
 * problems for {@code daqhub:status}; a ticker calling every runner once a second.
 *
 * @param <S> the whiteboard service (Driver, Store)
 * @param <R> its runner
 */
abstract class InstanceSupervisor<S, R extends InstanceRunner> implements RuntimeStatus {
    private final String kind;
    private final Logger log;
    private final Map<S, Map<String, Object>> services = new LinkedHashMap<>();
    /** Keys each service's metatype declares (absent: no metatype, nothing to check). */
    private final Map<S, java.util.Set<String>> declaredKeys = new java.util.HashMap<>();
    private final Map<S, R> runners = new LinkedHashMap<>();
    /** Runners an operator stopped (daqhub:stop, the REST API): their last status stays visible as STOPPED. */
    private final Map<S, R> stopped = new LinkedHashMap<>();
    private final Map<S, InstanceProblem> problems = new LinkedHashMap<>();
    SupervisionSettings defaults = SupervisionSettings.DEFAULTS;
    private ScheduledExecutorService ticker;
    private boolean active;

    InstanceSupervisor(String kind, Logger log) {
        this.kind = kind;
        this.log = log;
    }

    /** The runner of a new instance, not started yet; InvalidConfigException for settings it cannot use. */
    abstract R create(S service, Settings settings, String instance, String type);

    /** Keys the platform reads for every instance of this kind, besides supervision. */
    abstract java.util.Set<String> platformKeys();

    /** Instances whose component refused its own cfg (they never register a service). */
    abstract List<InstanceProblem> failedComponents();

    /** Where sequence numbers are kept across restarts: sequence.dir, else data/sequences in Karaf, else nowhere. */
    static java.nio.file.Path sequenceDir(Settings s) {
        String dir = s.string("sequence.dir", "");
        if (!dir.isEmpty()) {
            return java.nio.file.Paths.get(dir);
        }
        String data = System.getProperty("karaf.data");
        return data == null ? null : java.nio.file.Paths.get(data, "sequences");
    }

    /** Takes the supervisor's own settings, then starts every instance seen so far. */
    synchronized void startAll(Settings settings) {
        defaults = SupervisionSettings.read(settings, SupervisionSettings.DEFAULTS);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-" + kind + "-supervisor");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        active = true;
        services.forEach(this::start);
    }

    synchronized void stopAll() {
        active = false;
        ticker.shutdownNow();
        runners.values().forEach(InstanceRunner::stop);
        runners.clear();
        stopped.clear();
        problems.clear();
    }

    synchronized void add(S service, Map<String, Object> props) {
        add(service, props, null);
    }

    /** @param declared the keys of the component's metatype, null if it has none */
    synchronized void add(S service, Map<String, Object> props, java.util.Set<String> declared) {
        services.put(service, props);
        if (declared != null) {
            declaredKeys.put(service, declared);
        }
        if (active) {
            start(service, props);
        }
    }

    synchronized void remove(S service) {
        services.remove(service);
        declaredKeys.remove(service);
        problems.remove(service);
        stopped.remove(service);
        R r = runners.remove(service);
        if (r != null) {
            r.stop();
            log.info("daqhub {} '{}' stopped after {} frames", kind, r.instance, r.frames.get());
        }
    }

    /** The runners now running (a new instance's name can be checked against them). */
    Collection<R> running() {
        return runners.values();
    }

    /** Names of the instances running now and of those that cannot run (bad settings). */
    synchronized java.util.Set<String> runningOrInvalid() {
        java.util.Set<String> out = new java.util.HashSet<>();
        runners.values().forEach(r -> out.add(r.instance));
        problems.values().forEach(p -> out.add(p.instance()));
        return out;
    }

    /** Stops every runner now, keeping their services (at platform shutdown, drivers go before stores). */
    synchronized void stopRunners(String why) {
        if (!runners.isEmpty()) {
            log.info("daqhub: {}: stopping {} {} instance(s) first", why, runners.size(), kind);
        }
        runners.values().forEach(InstanceRunner::stop);
        active = false;
    }

    private void start(S service, Map<String, Object> props) {
        stopped.remove(service); // a new configuration starts a stopped instance again
        String instance = Settings.instanceName(props);
        String type = String.valueOf(props.getOrDefault("component.name", service.getClass().getName()));
        try {
            R r = create(service, Settings.of(props), instance, type);
            List<String> unknown = ConfigKeys.unknown(props, declaredKeys.get(service), platformKeys());
            for (String u : unknown) {
                log.warn("daqhub {} '{}': {}; ignored", kind, instance, u);
            }
            r.configWarning = String.join("; ", unknown);
            runners.put(service, r);
            r.start();
            log.info("daqhub {} '{}' ({}) started", kind, instance, type);
        } catch (InvalidConfigException e) {
            problems.put(service, new InstanceProblem(kind, instance, type, e.getMessage()));
            log.error("daqhub {} '{}' not started: {}", kind, instance, e.getMessage());
        }
    }

    private synchronized void tick() {
        for (R r : runners.values()) {
            try {
                r.tick();
            } catch (RuntimeException e) {
                log.warn("daqhub supervisor: tick of '{}' failed", r.instance, e);
            }
        }
    }

    @Override
    public synchronized List<InstanceStatus> instances() {
        List<InstanceStatus> out = new ArrayList<>();
        runners.values().forEach(r -> out.add(r.status()));
        stopped.values().forEach(r -> out.add(stoppedStatus(r.status())));
        problems.values().forEach(p -> out.add(p.status()));
        failedComponents().forEach(p -> out.add(p.status()));
        return out;
    }

    private static InstanceStatus stoppedStatus(InstanceStatus s) {
        return new InstanceStatus(s.kind(), s.instance(), s.type(), "STOPPED", s.frames(), s.bytes(), 0, 0, s.restarts(),
                s.dropped(), s.spooled(), 0, s.lastError(), s.p50Millis(), s.p95Millis(), s.p99Millis(), s.counters());
    }

    @Override
    public boolean stop(String instance) {
        R r = null;
        synchronized (this) {
            for (Map.Entry<S, R> e : runners.entrySet()) {
                if (e.getValue().instance.equals(instance)) {
                    r = runners.remove(e.getKey());
                    stopped.put(e.getKey(), r);
                    break;
                }
            }
        }
        if (r == null) {
            return false;
        }
        r.stop(); // outside the lock: a store drains for a while, and status must not wait for it
        log.info("daqhub {} '{}' stopped on request after {} frames; daqhub:start {} starts it again", kind, instance,
                r.frames.get(), instance);
        return true;
    }

    @Override
    public synchronized boolean start(String instance) {
        for (S service : stopped.keySet()) {
            if (stopped.get(service).instance.equals(instance)) {
                if (active) {
                    start(service, services.get(service));
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> send(String instance, Map<String, String> command) {
        List<org.daqhub.api.driver.DriverCommands> takers = new ArrayList<>();
        synchronized (this) {
            runners.forEach((service, r) -> {
                if (r.instance.equals(instance) && service instanceof org.daqhub.api.driver.DriverCommands c) {
                    takers.add(c);
                }
            });
        }
        List<String> answers = new ArrayList<>();
        for (org.daqhub.api.driver.DriverCommands c : takers) { // outside the lock: a driver's answer may take a while
            answers.add(c.command(Map.copyOf(command)));
        }
        if (!takers.isEmpty()) {
            log.info("daqhub {} '{}': command {} answered {}", kind, instance, command, answers);
        }
        return answers;
    }

    @Override
    public synchronized boolean restart(String instance) {
        boolean found = false;
        for (R r : runners.values()) {
            if (r.instance.equals(instance)) {
                r.restartOnRequest();
                found = true;
            }
        }
        return found;
    }
}
