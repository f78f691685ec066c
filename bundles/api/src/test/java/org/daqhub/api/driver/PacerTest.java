package org.daqhub.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {
    @Test
    void anInterruptWhileWaitingIsAnInterruptedException() {
        Pacer p = new Pacer(0.5); // two seconds a tick: the interrupt ends the wait, not the tick
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, p::await);
        assertTrue(!Thread.currentThread().isInterrupted(), "the interrupt is consumed, as InterruptedException means");
    }

    @Test
    void rateZeroNeverWaitsEvenWhenInterrupted() throws Exception {
        Pacer p = new Pacer(0);
        Thread.currentThread().interrupt();
        p.await(); // no park, so the flag stays for the driver's own check
        assertTrue(Thread.interrupted());
    }

    @Test
    void aRateIsANumberOfTicksPerSecond() {
        Pacer p = new Pacer(10);
        p.rate(20);
        assertEquals(20, p.rate());
        assertThrows(IllegalArgumentException.class, () -> p.rate(-1));
        assertThrows(IllegalArgumentException.class, () -> p.rate(Double.NaN));
        assertEquals(20, p.rate());
    }
}
