package org.daqhub.core.supervisor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.daqhub.api.runtime.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one driver instance on its own thread: restarts it with exponential backoff when it throws, and
 * lets the watchdog interrupt it when it stops publishing and heart-beating. Before its first run it waits
 * for the stores configured for its topics to subscribe, so the first frames are not published to nobody.
 * Sequence numbers per stream survive restarts of the driver and of the platform ({@link StreamSequences}),
 * so a consumer sees a gap only where frames were really lost.
 */
final class DriverRunner extends InstanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DriverRunner.class);

    private final Driver driver;
    private final FrameBus bus;
    private final SupervisionSettings settings;
    private final Backoff backoff;
    private final StreamSequences sequences;
    private final RestartPolicy policy;
    /** Store instances that should receive this driver's frames and have not subscribed yet. */
    private final Supplier<List<String>> awaitedStores;

    final AtomicLong bytes = new AtomicLong();
    final AtomicLong restarts = new AtomicLong();
    final LatencyWindow latency = new LatencyWindow(1024);
    final Rates rates = new Rates();
    private volatile String lastError = "";
    private volatile String state = "STARTING";
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile Attempt current;
    private volatile boolean stopped;
    private volatile boolean manualRestart;
    private volatile Thread thread;
    private volatile int generation;

    DriverRunner(String instance, String type, Driver driver, FrameBus bus, SupervisionSettings settings,
            SequenceFile sequenceFile, RestartPolicy policy, Supplier<List<String>> awaitedStores) {
        super(instance, type);
        this.driver = driver;
        this.bus = bus;
        this.settings = settings;
        this.backoff = settings.newBackoff();
        this.policy = policy;
        this.awaitedStores = awaitedStores;
        this.sequences = new StreamSequences(instance, sequenceFile, rates::framesPerSecond);
    }

    @Override
    synchronized void start() {
        int gen = ++generation;
        Thread t = new Thread(() -> loop(gen), "daqhub-driver-" + instance);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop(int gen) {
        if (gen == 1 && !awaitStores()) {
            return;
        }
        while (!stopped && gen == generation) {
            Attempt a = new Attempt();
            current = a;
            state = "RUNNING";
            lastBeatNanos = System.nanoTime();
            long started = System.nanoTime();
            try {
                driver.run(a);
                if (stopped || gen != generation) {
                    break;
                }
                if (!manualRestart && policy != RestartPolicy.ALWAYS) {
                    state = "FINISHED";
                    LOG.info("daqhub driver '{}' finished (run() returned)", instance);
                    return;
                }
            } catch (Throwable t) {
                if (stopped || gen != generation) {
                    break;
                }
                if (!manualRestart) {
                    lastError = t instanceof InterruptedException && a.hung ? "hung: no frame or heartbeat for "
                            + settings.watchdogMillis() + " ms" : String.valueOf(t);
                    if (!(t instanceof InterruptedException)) {
                        LOG.warn("daqhub driver '{}' failed: {}", instance, t.toString(), t);
                    }
                    if (policy == RestartPolicy.NEVER) {
                        state = "FAILED";
                        LOG.warn("daqhub driver '{}' is not restarted (restart = never); daqhub:restart {} runs it again",
                                instance, instance);
                        return;
                    }
                }
            } finally {
                a.stop = true;
            }
            restarts.incrementAndGet();
            long delay;
            if (manualRestart) {
                manualRestart = false;
                delay = 0;
                LOG.info("daqhub driver '{}' restarted on request", instance);
            } else {
                if (System.nanoTime() - started > settings.backoffResetMillis() * 1_000_000L) {
                    backoff.reset();
                }
                delay = backoff.nextDelayMillis();
                LOG.warn("daqhub driver '{}': restart #{} in {} ms", instance, restarts.get(), delay);
            }
            state = "BACKOFF";
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                if (stopped) {
                    break;
                }
                Thread.interrupted(); // a manual restart during backoff: go now
            }
        }
        if (gen == generation) {
            state = "STOPPED";
        }
    }

    /**
     * Waits until every store configured for this driver's topics has subscribed, at most start.wait.ms;
     * false if the driver was stopped meanwhile.
     */
    private boolean awaitStores() {
        long started = System.nanoTime();
        long limit = settings.startWaitMillis() * 1_000_000L;
        List<String> pending = awaitedStores.get();
        if (pending.isEmpty()) {
            return true;
        }
        state = "WAITING";
        while (!pending.isEmpty()) {
            if (stopped) {
                return false;
            }
            if (System.nanoTime() - started >= limit) {
                LOG.warn("daqhub driver '{}' starts without store(s) {}: not subscribed after {} ms (start.wait.ms); "
                        + "is their feature installed? Frames they miss are counted as gaps when they start", instance,
                        pending, settings.startWaitMillis());
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                if (stopped) {
                    return false;
                }
                Thread.interrupted();
            }
            pending = awaitedStores.get();
        }
        LOG.info("daqhub driver '{}' starts: its stores subscribed after {} ms", instance, (System.nanoTime() - started) / 1_000_000L);
        return true;
    }

    /** Called every second by the supervisor: rates and the watchdog. */
    @Override
    void tick() {
        rates.sample(frames.get(), bytes.get());
        long timeout = settings.watchdogMillis();
        Attempt a = current;
        if (timeout <= 0 || a == null || !"RUNNING".equals(state)) {
            return;
        }
        long silentMillis = (System.nanoTime() - lastBeatNanos) / 1_000_000L;
        if (silentMillis > timeout && !a.hung) {
            a.hung = true;
            a.stop = true;
            a.hungSinceNanos = System.nanoTime();
            LOG.error("daqhub driver '{}' hung: no frame or heartbeat for {} ms; interrupting it", instance, silentMillis);
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        } else if (a.hung && (System.nanoTime() - a.hungSinceNanos) / 1_000_000L > timeout) {
            // The driver ignores interrupts: abandon its thread (its publishers are dead) and start afresh.
            LOG.error("daqhub driver '{}' does not react to interrupt; abandoning its thread and restarting", instance);
            state = "HUNG";
            lastError = "hung and ignored interrupt";
            restarts.incrementAndGet();
            start();
        }
    }

    void restart() {
        Attempt a = current;
        manualRestart = true;
        if (a != null) {
            a.stop = true;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    void stop() {
        stopped = true;
        Attempt a = current;
        if (a != null) {
            a.stop = true;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.stopTimeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("daqhub driver '{}' did not stop within {} ms", instance, settings.stopTimeoutMillis());
            }
        }
        sequences.close();
        state = "STOPPED";
    }

    @Override
    void restartOnRequest() {
        if ("FAILED".equals(state) || "FINISHED".equals(state)) {
            start(); // its thread has ended: run it again
            return;
        }
        restart();
    }

    @Override
    InstanceStatus status() {
        double[] p = latency.percentilesMillis(0.5, 0.95, 0.99);
        return new InstanceStatus("driver", instance, type, state, frames.get(), bytes.get(), rates.framesPerSecond(),
                rates.bytesPerSecond(), restarts.get(), 0, 0, 0, shownError(lastError), p[0], p[1], p[2]);
    }

    /** The context of one run attempt; once stopped, its publishers refuse to publish. */
    private final class Attempt implements DriverContext {
        volatile boolean stop;
        volatile boolean hung;
        volatile long hungSinceNanos;
        private volatile long runNumber;

        @Override
        public String instance() {
            return instance;
        }

        @Override
        public FramePublisher publisher(String stream) {
            String topic = "data." + instance + "." + stream;
            return new StreamPublisher(this, topic, sequences.of(topic));
        }

        @Override
        public boolean stopping() {
            return stop || stopped;
        }

        @Override
        public void heartbeat() {
            if (!stop) {
                lastBeatNanos = System.nanoTime();
            }
        }

        @Override
        public void runNumber(long runNumber) {
            this.runNumber = runNumber;
        }
    }

    private final class StreamPublisher implements FramePublisher {
        private final Attempt attempt;
        private final String topic;
        private final StreamSequences.Sequence sequence;

        StreamPublisher(Attempt attempt, String topic, StreamSequences.Sequence sequence) {
            this.attempt = attempt;
            this.topic = topic;
            this.sequence = sequence;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void publish(Table table) throws InterruptedException {
            check();
            send(Frame.ofTable(topic, instance, sequences.next(sequence), Frame.epochNanosNow(), attempt.runNumber, table));
        }

        @Override
        public void publish(byte[] payload, String contentType) throws InterruptedException {
            check();
            send(Frame.ofRaw(topic, instance, sequences.next(sequence), Frame.epochNanosNow(), attempt.runNumber, contentType, payload));
        }

        private void check() throws InterruptedException {
            if (attempt.stop || stopped) {
                throw new InterruptedException("daqhub driver '" + instance + "' is stopping");
            }
        }

        private void send(Frame f) throws InterruptedException {
            // Time one publish in 16: percentiles stay representative and the hot path stays cheap.
            if ((f.sequence() & 15) == 0) {
                long t0 = System.nanoTime();
                bus.publish(f);
                long t1 = System.nanoTime();
                latency.record(t1 - t0);
                lastBeatNanos = t1;
            } else {
                bus.publish(f);
                if ((f.sequence() & 1023) == 1) {
                    lastBeatNanos = System.nanoTime();
                }
            }
            frames.incrementAndGet();
            bytes.addAndGet(f.payloadSize());
        }

        @Override
        public long nextSequence() {
            return sequence.next.get();
        }
    }

}
