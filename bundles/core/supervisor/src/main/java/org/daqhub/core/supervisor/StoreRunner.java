package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one store instance from its bus subscription: batches frames (up to batch.size, waiting at most
 * batch.linger.ms), writes them, and on failure retries the same batch with exponential backoff. With the
 * lossless {@code block} policy nothing is dropped: a failing store eventually slows its producers.
 * On stop, frames already queued are written before the store is let go.
 */
final class StoreRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRunner.class);

    final String instance;
    final String type;
    private final Store store;
    private final Subscription subscription;
    private final int batchSize;
    private final long batchMaxBytes;
    private final long lingerNanos;
    private final SupervisionSettings settings;
    private final Backoff backoff;
    private final Thread thread;

    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final LatencyWindow latency = new LatencyWindow(1024);
    final Rates rates = new Rates();
    private volatile String state = "RUNNING";
    private volatile String lastError = "";
    private volatile boolean stopped;
    private volatile boolean retryNow;

    StoreRunner(String instance, String type, Store store, Subscription subscription, int batchSize, long batchMaxBytes,
            long lingerMillis, SupervisionSettings settings) {
        this.instance = instance;
        this.type = type;
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

    void start() {
        thread.start();
    }

    private void loop() {
        List<Frame> batch = new ArrayList<>(batchSize);
        boolean dirty = false;
        try {
            while (!stopped) {
                Frame first = subscription.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (dirty) {
                        dirty = !flush();
                    }
                    continue;
                }
                batch.add(first);
                fill(batch);
                write(batch);
                batch.clear();
                dirty = true;
            }
        } catch (InterruptedException e) {
            // stopped while retrying: the failed batch goes to the final drain
        }
        drainOnStop(batch);
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

    /** Writes the batch, retrying with backoff until it succeeds or the runner is stopped. */
    private void write(List<Frame> batch) throws InterruptedException {
        while (true) {
            try {
                store.write(batch);
                break;
            } catch (Exception | LinkageError e) {
                failures.incrementAndGet();
                lastError = String.valueOf(e);
                state = "BACKOFF";
                long delay = backoff.nextDelayMillis();
                LOG.warn("daqhub store '{}': write of {} frames failed ({}); retry #{} in {} ms", instance, batch.size(), e,
                        failures.get(), delay);
                retryNow = false;
                long until = System.nanoTime() + delay * 1_000_000L;
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
        batches.incrementAndGet();
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

    /** Writes what is still queued (one attempt per batch, no backoff), then flushes. */
    private void drainOnStop(List<Frame> pending) {
        List<Frame> rest = new ArrayList<>(pending);
        subscription.close();
        subscription.drainTo(rest, Integer.MAX_VALUE);
        if (!rest.isEmpty()) {
            try {
                for (int i = 0; i < rest.size(); i += batchSize) {
                    List<Frame> b = rest.subList(i, Math.min(rest.size(), i + batchSize));
                    store.write(b);
                    frames.addAndGet(b.size());
                }
            } catch (Exception e) {
                LOG.error("daqhub store '{}': {} queued frames could not be written at stop: {}", instance, rest.size(), e.toString());
            }
        }
        flush();
        state = "STOPPED";
    }

    /** Cuts a backoff wait short (daqhub:restart on a store). */
    void retryNow() {
        backoff.reset();
        retryNow = true;
    }

    void tick() {
        rates.sample(frames.get(), bytes.get());
    }

    void stop() {
        // No interrupt: it would close the store's NIO channels mid-write. The loop polls with a timeout.
        stopped = true;
        try {
            thread.join(settings.stopTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    InstanceStatus status() {
        double[] p = latency.percentilesMillis(0.5, 0.95, 0.99);
        return new InstanceStatus("store", instance, type, state, frames.get(), bytes.get(), rates.framesPerSecond(),
                rates.bytesPerSecond(), failures.get(), subscription.dropped(), 0, subscription.depth(), lastError,
                p[0], p[1], p[2]);
    }

}
