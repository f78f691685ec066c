package org.daqhub.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.runtime.InstanceStatus;

/**
 * The platform's alert rules over the instances' counters, evaluated on each sample: counter rules (ENRGDAQ's
 * healthcheck: a counter that has not moved for N seconds, or has moved within them), restarts beyond a number in a
 * window, a store spooling, frames dropped. Each alert fires once and resolves once; the state is this node's, in
 * memory (after a restart a condition still true fires again once its window has passed).
 */
final class AlertRules {
    /** An alert starting or ending. */
    record Change(String alertId, String rule, String kind, String instance, boolean firing, String severity,
            String subject, String body, Instant since) {
    }

    /** A firing alert, for daqhub:alerts and the API. */
    record Active(String alertId, String rule, String kind, String instance, String severity, String subject, Instant since) {
    }

    /**
     * ENRGDAQ's healthcheck rule: {@code when = stalled} fires when {@code counter} of a matching instance has not
     * changed for {@code seconds} while it runs (resolves when it moves: "alive again"); {@code when = moving} fires
     * when it changed within them (an error counter, say) and resolves once it has been still that long.
     */
    record CounterRule(String name, Set<String> kinds, Matchers instances, String counter, double seconds, boolean stalled,
            String severity) {
    }

    record Limits(Set<String> kinds, int restartsMax, double restartsWindowS, long spoolFrames, double dropsQuietS) {
    }

    private record Seen(long value, Instant changedAt) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertRules.class);
    /** Samples an instance must be missing from before its alerts end as "gone" (a source may bind late). */
    static final int GONE_AFTER = 3;
    private final String node;
    private final Limits limits;
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final Map<String, Integer> missing = new HashMap<>();
    private final Set<String> warnedCounters = new HashSet<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Deque<Instant>> restarts = new HashMap<>();
    private final Map<String, Long> lastRestarts = new HashMap<>();

    /** @param node this node's name: alerts of two nodes about same-named instances are two alerts */
    AlertRules(String node, Limits limits) {
        this.node = node;
        this.limits = limits;
    }

    /** Alerts that were firing when this node last stopped (from the outbox): they resolve once their condition has. */
    synchronized void restore(List<Active> firing) {
        for (Active a : firing) {
            active.putIfAbsent(a.alertId(), a);
        }
    }

    /** A rule taken away ends its alerts. */
    synchronized List<Change> dropRule(String rule, Instant now) {
        List<Change> out = new ArrayList<>();
        for (Active a : List.copyOf(active.values())) {
            if (a.rule().equals(rule)) {
                resolve(a.alertId(), "rule " + rule + " was removed", now, out);
            }
        }
        return out;
    }

    private String id(String rule, InstanceStatus s) {
        return node + "/" + rule + "/" + s.kind() + "/" + s.instance();
    }

    synchronized List<Active> active() {
        return List.copyOf(active.values());
    }

    /**
     * One sample of every instance: the alerts that start or end with it. {@code complete} is false when a status
     * source failed this time: its instances are missing, not gone.
     */
    synchronized List<Change> evaluate(Collection<InstanceStatus> instances, Collection<CounterRule> rules, Instant now,
            boolean complete) {
        List<Change> out = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (InstanceStatus s : instances) {
            present.add(s.kind() + "/" + s.instance());
            for (CounterRule r : rules) {
                if (r.kinds().contains(s.kind()) && r.instances().matches(new org.daqhub.api.notify.Notification("info",
                        "", "", now, Map.of("instance", s.instance())))) {
                    counterRule(r, s, now, out);
                }
            }
            if (!limits.kinds().contains(s.kind())) {
                continue;
            }
            restartsRule(s, now, out);
            if (limits.spoolFrames() > 0) {
                String id = id("spooling", s);
                if (s.spooled() >= limits.spoolFrames()) {
                    fire(id, "spooling", s, "warning", s.kind() + " " + s.instance() + " is spooling",
                            s.spooled() + " frames wait in its disk spool" + (s.lastError().isEmpty() ? "" : "; last error: "
                                    + s.lastError()), now, out);
                } else if (s.spooled() == 0) {
                    resolve(id, s.kind() + " " + s.instance() + " has drained its spool", now, out);
                }
            }
            if (limits.dropsQuietS() > 0) {
                String id = id("drops", s);
                Seen d = track("drops|" + id, s.dropped(), now);
                if (d.changedAt().equals(now) && s.dropped() > 0) {
                    fire(id, "drops", s, "warning", s.kind() + " " + s.instance() + " dropped frames", s.dropped()
                            + " frames dropped so far (overflow policy or a full queue)", now, out);
                } else if (Duration.between(d.changedAt(), now).toMillis() >= limits.dropsQuietS() * 1000) {
                    resolve(id, s.kind() + " " + s.instance() + " has dropped nothing for " + (long) limits.dropsQuietS()
                            + " s", now, out);
                }
            }
        }
        // an instance that went away (uninstalled, its cfg deleted) ends its alerts, once it has been missing a while
        for (Active a : List.copyOf(active.values())) {
            String where = a.kind() + "/" + a.instance();
            if (present.contains(where)) {
                missing.remove(where);
            } else if (complete && missing.merge(where, 1, Integer::sum) >= GONE_AFTER) {
                resolve(a.alertId(), a.kind() + " " + a.instance() + " is gone", now, out);
            }
        }
        missing.keySet().removeIf(w -> active.values().stream().noneMatch(a -> (a.kind() + "/" + a.instance()).equals(w)));
        return out;
    }

    private void counterRule(CounterRule r, InstanceStatus s, Instant now, List<Change> out) {
        String id = id(r.name(), s);
        Long counted = value(s, r.counter());
        if (counted == null) {
            if (warnedCounters.add(r.name() + "|" + s.instance())) {
                LOG.warn("daqhub alerts: rule {}: {} {} has no counter '{}' (it has frames, bytes, restarts, drops, spooled{}{})",
                        r.name(), s.kind(), s.instance(), r.counter(), s.counters().isEmpty() ? "" : ", ",
                        String.join(", ", new java.util.TreeSet<>(s.counters().keySet())));
            }
            return;
        }
        long value = counted;
        Seen before = seen.get("counter|" + id);
        Seen v = track("counter|" + id, value, now);
        boolean running = s.state().equals("RUNNING");
        long stillMs = Duration.between(v.changedAt(), now).toMillis();
        if (r.stalled()) {
            if (!running) {
                seen.put("counter|" + id, new Seen(value, now.minusNanos(1))); // not stalled when stopped: the window restarts
                resolve(id, s.kind() + " " + s.instance() + " is " + s.state().toLowerCase(java.util.Locale.ROOT), now, out);
            } else if (stillMs >= r.seconds() * 1000) {
                fire(id, r.name(), s, r.severity(), s.kind() + " " + s.instance() + " stalled", r.counter()
                        + " has not moved for " + stillMs / 1000 + " s (at " + value + ")", now, out);
            } else if (v.changedAt().equals(now)) {
                resolve(id, s.kind() + " " + s.instance() + " alive again", now, out);
            }
        } else {
            if (v.changedAt().equals(now) && before != null && value > before.value()) { // a reset (a restart) is no movement
                fire(id, r.name(), s, r.severity(), s.kind() + " " + s.instance() + ": " + r.counter() + " is moving",
                        r.counter() + " is at " + value, now, out);
            } else if (stillMs >= r.seconds() * 1000) {
                resolve(id, s.kind() + " " + s.instance() + ": " + r.counter() + " still for " + (long) r.seconds() + " s", now, out);
            }
        }
    }

    private void restartsRule(InstanceStatus s, Instant now, List<Change> out) {
        if (limits.restartsMax() <= 0) {
            return;
        }
        String id = id("restarts", s);
        Long before = lastRestarts.put(id, s.restarts());
        Deque<Instant> times = restarts.computeIfAbsent(id, k -> new ArrayDeque<>());
        if (before != null) {
            for (long i = before; i < s.restarts(); i++) {
                times.addLast(now);
            }
        }
        while (!times.isEmpty() && Duration.between(times.peekFirst(), now).toMillis() > limits.restartsWindowS() * 1000) {
            times.removeFirst();
        }
        if (times.size() >= limits.restartsMax()) {
            fire(id, "restarts", s, "critical", s.kind() + " " + s.instance() + " keeps restarting", times.size()
                    + " restarts in the last " + (long) limits.restartsWindowS() + " s; last error: " + s.lastError(), now, out);
        } else {
            resolve(id, s.kind() + " " + s.instance() + " has stopped restarting", now, out);
        }
    }

    /** The counter's value, or null when the instance has no such counter. */
    private static Long value(InstanceStatus s, String counter) {
        return switch (counter) {
            case "frames" -> s.frames();
            case "bytes" -> s.bytes();
            case "restarts" -> s.restarts();
            case "drops", "dropped" -> s.dropped();
            case "spooled", "spool" -> s.spooled();
            default -> s.counters().get(counter);
        };
    }

    /** The value and when it last changed; the first sample is a baseline, not a change. */
    private Seen track(String key, long value, Instant now) {
        Seen old = seen.get(key);
        if (old == null || old.value() != value) {
            Seen n = new Seen(value, old == null ? now.minusNanos(1) : now);
            seen.put(key, n);
            return n;
        }
        return old;
    }

    private void fire(String id, String rule, InstanceStatus s, String severity, String subject, String body, Instant now,
            List<Change> out) {
        if (!active.containsKey(id)) {
            active.put(id, new Active(id, rule, s.kind(), s.instance(), severity, subject, now));
            out.add(new Change(id, rule, s.kind(), s.instance(), true, severity, subject, body, now));
        }
    }

    private void resolve(String id, String subject, Instant now, List<Change> out) {
        Active a = active.remove(id);
        if (a != null) {
            // the firing's severity, so the resolve takes the same routes and reaches the same channels
            out.add(new Change(id, a.rule(), a.kind(), a.instance(), false, a.severity(), subject, "firing since " + a.since()
                    + ": " + a.subject(), a.since()));
        }
    }
}
