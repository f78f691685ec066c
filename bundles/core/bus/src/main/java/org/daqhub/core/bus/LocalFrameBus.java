package org.daqhub.core.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;

/**
 * In-JVM routing: frames go by reference into each matching subscriber's bounded queue. The benchmark
 * (docs/benchmarks.md) chose this over JeroMQ inproc because it is faster and allows a per-subscriber
 * overflow policy; JeroMQ carries frames only where they leave the JVM ({@link TcpBridge}).
 */
public final class LocalFrameBus implements FrameBus {
    private static final QueueSubscription[] NONE = new QueueSubscription[0];

    private final String nodeId;
    private volatile QueueSubscription[] subscriptions = NONE;
    /** topic → matching subscriptions; replaced wholesale when subscriptions change. */
    private volatile Map<String, QueueSubscription[]> routes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unrouted = new ConcurrentHashMap<>();

    public LocalFrameBus(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void publish(Frame frame) throws InterruptedException {
        Map<String, QueueSubscription[]> r = routes;
        QueueSubscription[] targets = r.get(frame.topic());
        if (targets == null) {
            targets = route(frame.topic());
            r.putIfAbsent(frame.topic(), targets);
        }
        if (targets.length == 0) {
            unrouted.computeIfAbsent(frame.topic(), t -> new LongAdder()).increment();
            return;
        }
        for (QueueSubscription s : targets) {
            s.offer(frame);
        }
    }

    /** Frames published while no subscription matched their topic, per topic (only topics that had any). */
    public Map<String, Long> unrouted() {
        Map<String, Long> out = new TreeMap<>();
        unrouted.forEach((t, n) -> out.put(t, n.sum()));
        return out;
    }

    /** True if some subscription matches {@code topic} now. */
    public boolean routed(String topic) {
        return route(topic).length > 0;
    }

    private QueueSubscription[] route(String topic) {
        List<QueueSubscription> out = new ArrayList<>();
        for (QueueSubscription s : subscriptions) {
            if (s.matches(topic)) {
                out.add(s);
            }
        }
        return out.toArray(NONE);
    }

    @Override
    public Subscription subscribe(String name, List<String> patterns, int capacity, OverflowPolicy policy) {
        QueueSubscription s = new QueueSubscription(name, patterns, capacity, policy, this::remove);
        synchronized (this) {
            QueueSubscription[] next = Arrays.copyOf(subscriptions, subscriptions.length + 1);
            next[next.length - 1] = s;
            subscriptions = next;
            routes = new ConcurrentHashMap<>();
        }
        return s;
    }

    private synchronized void remove(QueueSubscription s) {
        List<QueueSubscription> next = new ArrayList<>(Arrays.asList(subscriptions));
        next.remove(s);
        subscriptions = next.toArray(NONE);
        routes = new ConcurrentHashMap<>();
    }

    /** Current subscriptions (for status). */
    public List<Subscription> subscriptions() {
        return List.of(subscriptions);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }
}
