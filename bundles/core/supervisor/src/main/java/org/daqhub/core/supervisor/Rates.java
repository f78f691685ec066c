package org.daqhub.core.supervisor;

/** Frames/s and bytes/s between two samples of monotonic counters. */
final class Rates {
    private long lastNanos = System.nanoTime();
    private long lastFrames;
    private long lastBytes;
    private volatile double framesPerSecond;
    private volatile double bytesPerSecond;

    synchronized void sample(long frames, long bytes) {
        long now = System.nanoTime();
        double dt = (now - lastNanos) / 1e9;
        if (dt > 0) {
            framesPerSecond = (frames - lastFrames) / dt;
            bytesPerSecond = (bytes - lastBytes) / dt;
        }
        lastNanos = now;
        lastFrames = frames;
        lastBytes = bytes;
    }

    double framesPerSecond() {
        return framesPerSecond;
    }

    double bytesPerSecond() {
        return bytesPerSecond;
    }
}
