package org.daqhub.core.supervisor;

/** Exponential backoff: initial, initial*factor, ... capped at max. Not thread-safe; one per instance. */
public final class Backoff {
    private final long initialMillis;
    private final double factor;
    private final long maxMillis;
    private long next;

    public Backoff(long initialMillis, double factor, long maxMillis) {
        if (initialMillis < 0 || factor < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max and factor >= 1, got initial="
                    + initialMillis + " factor=" + factor + " max=" + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.factor = factor;
        this.maxMillis = maxMillis;
        this.next = initialMillis;
    }

    /** The delay to wait now; the following call returns a longer one, up to the cap. */
    public synchronized long nextDelayMillis() {
        long d = next;
        next = (long) Math.min((double) maxMillis, Math.max(1, next) * factor);
        return d;
    }

    /** Back to the initial delay (after the instance has run well for a while). */
    public synchronized void reset() {
        next = initialMillis;
    }
}
