package org.daqhub.core.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.Notification;
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
 * Samples every instance's counters ({@link RuntimeStatus}) and hands each alert that starts or ends to the
 * notifier, through the same routes as every other notification ({@code event_type=alert}, {@code alert=<rule>},
 * {@code status=firing|resolved}). A change the outbox could not take (the database away) is offered again at the
 * next sample, so none is lost while daqhub runs.
 */
@Component(name = "org.daqhub.alerts", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = PlatformAlerts.class)
@Designate(ocd = AlertsConfig.class)
public class PlatformAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformAlerts.class);
    /** Changes held for a channel this long after the start (channels bind after the first samples). */
    static final long STARTUP_HOLD_MS = 60_000;
    /** At most this many changes wait for the outbox; beyond, the oldest are dropped, loudly. */
    static final int UNSENT_MAX = 10_000;
    private final NotificationOutbox outbox;
    private final long startedAt = System.currentTimeMillis();
    private final AlertRules rules;
    private final AlertRules.CounterRule stalled;
    private final List<RuntimeStatus> sources = new CopyOnWriteArrayList<>();
    private final Map<ConfiguredAlertRule, AlertRules.CounterRule> configured = new ConcurrentHashMap<>();
    private final List<AlertRules.Change> unsent = new ArrayList<>();
    private final ScheduledExecutorService timer;

    @Activate
    public PlatformAlerts(@Reference NotificationOutbox outbox, Map<String, Object> props) {
        this.outbox = outbox;
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(AlertsConfig.class))) {
            LOG.warn("etc/org.daqhub.alerts.cfg: {}", problem);
        }
        Settings s = Settings.of(props);
        long interval = s.integer("interval.ms", 1000, 100);
        Set<String> kinds = Set.copyOf(s.has("kinds") ? s.list("kinds") : List.of("driver", "store", "bus"));
        double stalledS = s.number("stalled.s", 60, 0);
        stalled = stalledS > 0 ? new AlertRules.CounterRule("stalled", Set.of("driver"), Matchers.parse(Map.of("instance", "*")),
                "frames", stalledS, true, "warning") : null;
        String node = s.string("node", hostName());
        rules = new AlertRules(node, new AlertRules.Limits(kinds, s.intValue("restarts.max", 3, 0), s.number("restarts.window.s", 600, 1),
                s.integer("spool.frames", 1, 0), s.number("drops.quiet.s", 60, 0)));
        try {
            List<AlertRules.Active> firing = outbox.firingAlerts(node + "/");
            rules.restore(firing);
            if (!firing.isEmpty()) {
                LOG.info("daqhub alerts: {} alert(s) were firing when daqhub stopped; each resolves once its condition has",
                        firing.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("daqhub alerts: could not read the alerts firing before the start: {}", e.getMessage());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-alerts");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sample, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSource(RuntimeStatus source) {
        sources.add(source);
    }

    public void removeSource(RuntimeStatus source) {
        sources.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addRule(ConfiguredAlertRule rule) {
        configured.put(rule, rule.rule);
    }

    public void removeRule(ConfiguredAlertRule rule) {
        configured.remove(rule);
        List<AlertRules.Change> ended = rules.dropRule(rule.rule.name(), Instant.now());
        synchronized (unsent) {
            unsent.addAll(ended);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "daqhub";
        }
    }

    /** An orderly stop finishes the sample under way and hands the outbox what is unsent: no alert change is lost. */
    @Deactivate
    public void deactivate() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (unsent) {
            offer();
            if (!unsent.isEmpty()) {
                LOG.warn("daqhub alerts: {} alert change(s) could not be queued before the stop", unsent.size());
            }
        }
    }

    /** How many alerts fire now. */
    public int firing() {
        return rules.active().size();
    }

    public List<AlertRules.Active> active() {
        return rules.active();
    }

    void sample() {
        List<InstanceStatus> all = new ArrayList<>();
        boolean complete = true;
        for (RuntimeStatus src : sources) {
            try {
                all.addAll(src.instances());
            } catch (RuntimeException e) {
                complete = false; // its instances are missing this time, not gone
                LOG.debug("daqhub alerts: a status source failed: {}", e.toString());
            }
        }
        List<AlertRules.CounterRule> counterRules = new ArrayList<>(configured.values());
        if (stalled != null) {
            counterRules.add(stalled);
        }
        List<AlertRules.Change> changes = rules.evaluate(all, counterRules, Instant.now(), complete);
        synchronized (unsent) {
            unsent.addAll(changes);
            while (unsent.size() > UNSENT_MAX) {
                AlertRules.Change dropped = unsent.remove(0);
                LOG.error("daqhub alerts: the outbox has taken nothing for a while; dropped {} ({})", dropped.subject(), dropped.alertId());
            }
            offer();
        }
    }

    /** Hands what is unsent to the outbox, in order; stops at the first it cannot take now. */
    private void offer() {
        while (!unsent.isEmpty()) {
            AlertRules.Change c = unsent.get(0);
            int queued;
            try {
                queued = outbox.notify(key(c), notification(c));
            } catch (IllegalArgumentException e) { // this one can never be queued: say so, and let the others through
                unsent.remove(0);
                LOG.error("daqhub alerts: {} ({}) cannot be notified: {}", c.subject(), c.alertId(), e.getMessage());
                continue;
            } catch (RuntimeException e) { // the outbox is away: offered again at the next sample
                LOG.warn("daqhub alerts: could not queue {} alert change(s): {}", unsent.size(), e.getMessage());
                return;
            }
            if (queued == 0 && !outbox.hasChannels() && System.currentTimeMillis() - startedAt < STARTUP_HOLD_MS) {
                return; // just started: the channels are not bound yet
            }
            unsent.remove(0);
            LOG.info("daqhub alert {}: {} ({}){}", c.firing() ? "firing" : "resolved", c.subject(), c.alertId(),
                    queued == 0 ? "; no channel takes it" : "");
        }
    }

    static String key(AlertRules.Change c) {
        return "alert/" + c.alertId() + "/" + (c.firing() ? "firing" : "resolved") + "/" + c.since().toEpochMilli();
    }

    static Notification notification(AlertRules.Change c) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("event_type", "alert");
        a.put("alert", c.rule());
        a.put("alert_id", c.alertId());
        a.put("status", c.firing() ? "firing" : "resolved");
        a.put("instance", c.instance());
        a.put("kind", c.kind());
        return new Notification(c.severity(), c.subject(), c.body(), c.firing() ? c.since() : Instant.now(), a);
    }
}
