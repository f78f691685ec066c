package org.daqhub.api.driver;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a driver's acquisition loop at a rate, on the driver's own thread: {@link #await()} parks until the next
 * tick; rate 0 does not wait. A loop that falls more than a second behind (backpressure, a slow device) starts
 * afresh instead of bursting to catch up. The rate may change between ticks (a driver command).
 */
public final class Pacer {
    private static final long MAX_BEHIND_NANOS = 1_000_000_000L;

    private double rate = -1;
    private long periodNanos;
    private long next;

    /** @param rate ticks per second, 0 = no waiting */
    public Pacer(double rate) {
        rate(rate);
    }

    /** Sets the rate (ticks per second, 0 = no waiting); a change starts the schedule afresh. */
    public void rate(double ticksPerSecond) {
        if (ticksPerSecond == rate) {
            return;
        }
        if (!(ticksPerSecond >= 0)) {
            throw new IllegalArgumentException("rate " + ticksPerSecond + " is not a number of ticks per second >= 0");
        }
        rate = ticksPerSecond;
        periodNanos = ticksPerSecond > 0 ? (long) (1e9 / ticksPerSecond) : 0;
        next = System.nanoTime();
    }

    public double rate() {
        return rate;
    }

    /**
     * Waits for the next tick.
     *
     * @throws InterruptedException when the thread is interrupted while waiting (the platform stopping the driver)
     */
    public void await() throws InterruptedException {
        if (periodNanos == 0) {
            return;
        }
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait < -MAX_BEHIND_NANOS) {
            next = System.nanoTime();
            return;
        }
        while (wait > 0) { // parkNanos may return early
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            wait = next - System.nanoTime();
        }
    }
}
