package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one store instance from its bus subscription: batches frames (up to batch.size, waiting at most
 * batch.linger.ms), writes them, and on failure retries the same batch with exponential backoff. With the
 * lossless {@code block} policy nothing is dropped: a failing store eventually slows its producers.
 * On stop, frames already queued are written (at most drain.timeout.ms, then spooled) before the store is let
 * go. Every frame taken from the queue is checked for a gap in its source's sequence ({@link ReceivedSequences}).
 */
final class StoreRunner extends InstanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRunner.class);

    private final Store store;
    private final Subscription subscription;
    private final int batchSize;
    private final long batchMaxBytes;
    private final long lingerNanos;
    private final SupervisionSettings settings;
    private final Backoff backoff;
    private final Thread thread;

    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final LatencyWindow latency = new LatencyWindow(1024);
    final Rates rates = new Rates();
    private volatile String state = "RUNNING";
    private volatile String lastError = "";
    private volatile boolean stopped;
    private volatile boolean retryNow;
    private final Spool spool;
    private final OverflowPolicy spoolOverflow;
    private final AtomicLong spoolDropped = new AtomicLong();
    private long nextReplayNanos;
    private final ReceivedSequences received;

    StoreRunner(String instance, String type, Store store, Subscription subscription, int batchSize, long batchMaxBytes,
            long lingerMillis, SupervisionSettings settings, Spool spool, OverflowPolicy spoolOverflow,
            MappedCounters received) {
        super(instance, type);
        this.received = new ReceivedSequences(instance, received);
        this.spool = spool;
        this.spoolOverflow = spoolOverflow;
        this.store = store;
        this.subscription = subscription;
        this.batchSize = batchSize;
        this.batchMaxBytes = batchMaxBytes;
        this.lingerNanos = lingerMillis * 1_000_000L;
        this.settings = settings;
        this.backoff = settings.newBackoff();
        this.thread = new Thread(this::loop, "daqhub-store-" + instance);
        thread.setDaemon(true);
    }

    @Override
    void start() {
        thread.start();
    }

    private void loop() {
        List<Frame> batch = new ArrayList<>(batchSize);
        boolean dirty = false;
        try {
            while (!stopped) {
                if (spooling()) {
                    if (retryNow || System.nanoTime() >= nextReplayNanos) {
                        retryNow = false;
                        if (replayOldest()) {
                            dirty = true;
                            continue; // drain the spool as fast as the store takes it
                        }
                    }
                    if (!spool.hasRoomFor(1) && spoolOverflow == OverflowPolicy.BLOCK) {
                        Thread.sleep(20); // spool full: stop taking frames, the bus queue backs up to the producers
                        continue;
                    }
                }
                Frame first = subscription.poll(spooling() ? 20 : 100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (dirty && !spooling()) {
                        dirty = !flush();
                    }
                    continue;
                }
                batch.add(first);
                fill(batch);
                for (Frame f : batch) {
                    received.accept(f);
                }
                if (!spooling() || !toSpool(batch)) { // behind what is already spooled, so order is kept
                    write(batch);
                    dirty = true;
                }
                received.save();
                batch.clear();
            }
        } catch (InterruptedException e) {
            // stopped while retrying without a spool: the failed batch goes to the final drain
        }
        drainOnStop(batch);
    }

    private boolean spooling() {
        return spool != null && !spool.isEmpty();
    }

    /** Writes the oldest spooled batch; true if it went through. */
    private boolean replayOldest() {
        try {
            List<Frame> frames = spool.peek();
            store.write(frames);
            spool.removeOldest();
            counted(frames);
            backoff.reset();
            state = spooling() ? "REPLAYING" : "RUNNING";
            if (!spooling()) {
                LOG.info("daqhub store '{}': spool replayed, back to direct writes", instance);
            }
            return true;
        } catch (Exception | LinkageError e) {
            failed(e, "replay of spooled frames");
            return false;
        }
    }

    private void failed(Throwable e, String what) {
        failures.incrementAndGet();
        lastError = String.valueOf(e);
        long delay = backoff.nextDelayMillis();
        nextReplayNanos = System.nanoTime() + delay * 1_000_000L;
        state = spool == null ? "BACKOFF" : "SPOOLING";
        LOG.warn("daqhub store '{}': {} failed ({}); retry #{} in {} ms{}", instance, what, e, failures.get(), delay,
                spool == null ? "" : ", new frames go to the spool (" + spool.frames() + " frames there)");
    }

    /** Appends a batch to the spool, making room by policy; false if the disk itself failed. */
    private boolean toSpool(List<Frame> batch) {
        long size = 0;
        for (Frame f : batch) {
            size += f.payloadSize();
        }
        try {
            if (spoolOverflow == OverflowPolicy.DROP_OLDEST) {
                while (!spool.hasRoomFor(size)) {
                    int lost = spool.dropOldest();
                    spoolDropped.addAndGet(lost);
                    LOG.warn("daqhub store '{}': spool full, dropped its oldest {} frames (spool.overflow = drop_oldest)", instance, lost);
                }
            }
            spool.append(batch);
            return true;
        } catch (java.io.IOException e) {
            LOG.error("daqhub store '{}': cannot spool {} frames: {}; holding them in memory", instance, batch.size(), e.toString());
            return false;
        }
    }

    /**
     * Tops the batch up to batch.size frames, waiting at most batch.linger.ms from now. batch.max.bytes caps
     * the count by the first frame's size (exact for a stream of equal frames, which is the common case).
     */
    private void fill(List<Frame> batch) throws InterruptedException {
        long firstSize = Math.max(1, batch.get(0).payloadSize());
        int max = (int) Math.max(1, Math.min(batchSize, batchMaxBytes / firstSize));
        subscription.drainTo(batch, max - batch.size());
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < max && lingerNanos > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Frame f = subscription.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                break;
            }
            batch.add(f);
            subscription.drainTo(batch, max - batch.size());
        }
    }

    /**
     * Writes the batch. Without a spool a failure is retried with backoff until it succeeds (the bus queue
     * then backs up to the producers); with a spool the batch goes to disk and the runner carries on.
     */
    private void write(List<Frame> batch) throws InterruptedException {
        while (true) {
            try {
                store.write(batch);
                break;
            } catch (Exception | LinkageError e) {
                failed(e, "write of " + batch.size() + " frames");
                if (spool != null && toSpool(batch)) {
                    return;
                }
                long until = nextReplayNanos;
                retryNow = false;
                while (System.nanoTime() < until && !retryNow) {
                    if (stopped) {
                        throw new InterruptedException("stopped while retrying");
                    }
                    Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
                }
            }
        }
        backoff.reset();
        state = "RUNNING";
        counted(batch);
    }

    private void counted(List<Frame> batch) {
        long now = Frame.epochNanosNow();
        long n = 0;
        for (Frame f : batch) {
            n += f.payloadSize();
        }
        // age of the oldest and the newest frame at write completion
        latency.record(Math.max(0, now - batch.get(0).timestampNanos()));
        latency.record(Math.max(0, now - batch.get(batch.size() - 1).timestampNanos()));
        bytes.addAndGet(n);
        frames.addAndGet(batch.size());
    }

    private boolean flush() {
        try {
            store.flush();
            return true;
        } catch (Exception e) {
            lastError = String.valueOf(e);
            LOG.warn("daqhub store '{}': flush failed: {}", instance, e.toString());
            return false;
        }
    }

    /**
     * At stop: what is still queued is written if the store is healthy, else spooled (and replayed when the
     * instance comes back). Writing stops after drain.timeout.ms; the rest goes to the spool, or without one
     * is reported lost with its count.
     */
    private void drainOnStop(List<Frame> pending) {
        long started = System.nanoTime();
        List<Frame> rest = new ArrayList<>(pending);
        subscription.close();
        int fromQueue = subscription.drainTo(rest, Integer.MAX_VALUE);
        for (int i = pending.size(); i < rest.size(); i++) {
            received.accept(rest.get(i));
        }
        long lost = 0;
        for (int i = 0; i < rest.size(); i += batchSize) {
            List<Frame> b = new ArrayList<>(rest.subList(i, Math.min(rest.size(), i + batchSize)));
            boolean late = System.nanoTime() - started > settings.drainTimeoutMillis() * 1_000_000L;
            if (spooling() || (late && spool != null)) {
                if (!toSpool(b)) {
                    lost += b.size();
                }
                continue;
            }
            if (late) {
                lost += b.size();
                continue;
            }
            try {
                store.write(b);
                counted(b);
            } catch (Exception e) {
                if (spool == null || !toSpool(b)) {
                    LOG.error("daqhub store '{}': {} queued frames could not be written at stop: {}", instance, b.size(), e.toString());
                    lost += b.size();
                }
            }
        }
        received.close();
        if (lost > 0) {
            LOG.error("daqhub store '{}': {} frames queued at stop were lost (not written within drain.timeout.ms = {} ms "
                    + "or failed, and no spool)", instance, lost, settings.drainTimeoutMillis());
        }
        if (!spooling()) {
            flush();
            LOG.info("daqhub store '{}' drained at stop: {} queued frames written in {} ms", instance, rest.size() - lost,
                    (System.nanoTime() - started) / 1_000_000L);
        } else {
            LOG.info("daqhub store '{}' stopped with {} frames in its spool ({} were queued); they are written when it starts again",
                    instance, spool.frames(), fromQueue + pending.size());
        }
        state = "STOPPED";
    }

    /** Cuts a backoff wait short (daqhub:restart on a store). */
    void retryNow() {
        backoff.reset();
        retryNow = true;
    }

    @Override
    void tick() {
        rates.sample(frames.get(), bytes.get());
    }

    @Override
    void stop() {
        // No interrupt: it would close the store's NIO channels mid-write. The loop polls with a timeout.
        stopped = true;
        try {
            thread.join(settings.drainTimeoutMillis() + settings.stopTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    void restartOnRequest() {
        retryNow();
    }

    @Override
    InstanceStatus status() {
        double[] p = latency.percentilesMillis(0.5, 0.95, 0.99);
        return new InstanceStatus("store", instance, type, state, frames.get(), bytes.get(), rates.framesPerSecond(),
                rates.bytesPerSecond(), failures.get(), subscription.dropped() + spoolDropped.get(),
                spool == null ? 0 : spool.frames(), subscription.depth(), shownError(lastError), p[0], p[1], p[2],
                Map.of("gaps", received.gaps.get(), "missing", received.missing.get()));
    }

}
