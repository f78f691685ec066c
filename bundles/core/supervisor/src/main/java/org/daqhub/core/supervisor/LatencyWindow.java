package org.daqhub.core.supervisor;

import java.util.Arrays;

/** The most recent latency samples (a ring of fixed size) and their percentiles. */
public final class LatencyWindow {
    private final long[] samples;
    private long count;

    public LatencyWindow(int size) {
        samples = new long[size];
    }

    public synchronized void record(long nanos) {
        samples[(int) (count++ % samples.length)] = nanos;
    }

    /** Percentiles in milliseconds for each requested quantile (0..1); zeros when empty. */
    public synchronized double[] percentilesMillis(double... quantiles) {
        int n = (int) Math.min(count, samples.length);
        double[] out = new double[quantiles.length];
        if (n == 0) {
            return out;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        for (int i = 0; i < quantiles.length; i++) {
            int idx = (int) Math.ceil(quantiles[i] * n) - 1;
            out[i] = sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
        }
        return out;
    }
}
