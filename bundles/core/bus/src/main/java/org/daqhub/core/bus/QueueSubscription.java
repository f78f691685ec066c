package org.daqhub.core.bus;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.bus.TopicPattern;

/** A subscriber's bounded queue; frames are queued by reference. */
final class QueueSubscription implements Subscription {
    private final String name;
    private final List<String> patterns;
    private final ArrayBlockingQueue<Frame> queue;
    private final OverflowPolicy policy;
    private final Consumer<QueueSubscription> onClose;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    QueueSubscription(String name, List<String> patterns, int capacity, OverflowPolicy policy,
            Consumer<QueueSubscription> onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.name = name;
        this.patterns = List.copyOf(patterns);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.policy = policy;
        this.onClose = onClose;
    }

    boolean matches(String topic) {
        for (String p : patterns) {
            if (TopicPattern.matches(p, topic)) {
                return true;
            }
        }
        return false;
    }

    /** Called by publishers. BLOCK waits for room (rechecking for close); DROP_OLDEST evicts and counts. */
    void offer(Frame f) throws InterruptedException {
        if (policy == OverflowPolicy.BLOCK) {
            if (!queue.offer(f)) {
                while (!queue.offer(f, 50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        return;
                    }
                }
            }
        } else {
            while (!queue.offer(f)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }
        delivered.incrementAndGet();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    @Override
    public int drainTo(Collection<? super Frame> out, int max) {
        return queue.drainTo(out, max);
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public int depth() {
        return queue.size();
    }

    @Override
    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.accept(this);
        }
    }
}
