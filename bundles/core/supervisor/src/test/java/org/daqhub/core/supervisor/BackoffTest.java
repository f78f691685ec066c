package org.daqhub.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void growsByFactorUpToTheCapAndResets() {
        Backoff b = new Backoff(100, 2.0, 700);
        assertEquals(100, b.nextDelayMillis());
        assertEquals(200, b.nextDelayMillis());
        assertEquals(400, b.nextDelayMillis());
        assertEquals(700, b.nextDelayMillis());
        assertEquals(700, b.nextDelayMillis());
        b.reset();
        assertEquals(100, b.nextDelayMillis());
    }

    @Test
    void zeroInitialStillGrows() {
        Backoff b = new Backoff(0, 3, 100);
        assertEquals(0, b.nextDelayMillis());
        assertEquals(3, b.nextDelayMillis());
        assertEquals(9, b.nextDelayMillis());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 0.5, 1000));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 2, 50));
    }

    @Test
    void latencyPercentiles() {
        LatencyWindow w = new LatencyWindow(100);
        for (int i = 1; i <= 100; i++) {
            w.record(i * 1_000_000L);
        }
        double[] p = w.percentilesMillis(0.5, 0.95, 0.99);
        assertEquals(50.0, p[0]);
        assertEquals(95.0, p[1]);
        assertEquals(99.0, p[2]);
    }
}
