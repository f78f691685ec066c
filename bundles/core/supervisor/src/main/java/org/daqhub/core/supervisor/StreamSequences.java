package org.daqhub.core.supervisor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequence numbers of one driver instance's streams, continued across restarts of the platform, so that
 * (topic, source, sequence) names one frame for ever. Numbers are reserved in blocks in the instance's
 * {@link SequenceFile} before they are used: a graceful stop saves the exact next numbers; after a crash the
 * streams continue above the last reservation, so no number is used twice and the store runners report the
 * numbers between their last frame and the first new one as a gap. A block covers at least two seconds at
 * the current rate, so the file is written at most about once every two seconds however fast a driver is.
 */
final class StreamSequences {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSequences.class);
    static final long MIN_BLOCK = 10_000;

    private final SequenceFile file;
    private final DoubleSupplier framesPerSecond;
    private final Map<String, Sequence> byTopic = new ConcurrentHashMap<>();

    StreamSequences(String instance, SequenceFile file, DoubleSupplier framesPerSecond) {
        this.file = file;
        this.framesPerSecond = framesPerSecond;
        SequenceFile.Saved saved = file.load();
        saved.values().forEach((topic, next) -> byTopic.put(topic, new Sequence(next)));
        if (!saved.clean() && !saved.values().isEmpty()) {
            LOG.warn("daqhub driver '{}' did not stop cleanly last time (crash or kill): its streams continue at {}; "
                    + "numbers below those that its stores never received were lost in the crash or never used",
                    instance, new TreeMap<>(saved.values()));
        } else if (!saved.values().isEmpty()) {
            LOG.info("daqhub driver '{}': sequence numbers continue at {}", instance, new TreeMap<>(saved.values()));
        }
        if (file.persistent()) {
            reserveAll();
        }
    }

    Sequence of(String topic) {
        return byTopic.computeIfAbsent(topic, t -> new Sequence(0));
    }

    /** The number for the next frame of {@code s}; reserves a new block first when the current one is used up. */
    long next(Sequence s) {
        long n = s.next.getAndIncrement();
        if (n >= s.limit) {
            reserve(s, n);
        }
        return n;
    }

    private synchronized void reserve(Sequence s, long n) {
        if (n < s.limit) {
            return; // another publisher of the stream reserved already
        }
        s.limit = n + 1 + block();
        save(false);
    }

    private synchronized void reserveAll() {
        long block = block();
        byTopic.values().forEach(s -> s.limit = s.next.get() + block);
        save(false);
    }

    /** At a graceful stop: the exact next numbers, so the streams continue without a gap. */
    synchronized void close() {
        save(true);
    }

    private long block() {
        return Math.max(MIN_BLOCK, (long) (2 * framesPerSecond.getAsDouble()));
    }

    private void save(boolean exact) {
        Map<String, Long> values = new TreeMap<>();
        byTopic.forEach((topic, s) -> values.put(topic, exact ? s.next.get() : s.limit));
        file.save(values, exact);
    }

    /** One stream's counter; without a file nothing needs reserving. */
    final class Sequence {
        final AtomicLong next;
        volatile long limit;

        Sequence(long next) {
            this.next = new AtomicLong(next);
            this.limit = file.persistent() ? next : Long.MAX_VALUE;
        }
    }
}
