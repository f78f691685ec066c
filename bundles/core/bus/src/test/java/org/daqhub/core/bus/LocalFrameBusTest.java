package org.daqhub.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.junit.jupiter.api.Test;

class LocalFrameBusTest {
    private final LocalFrameBus bus = new LocalFrameBus("n1");

    private static Frame frame(String topic, long seq) {
        return Frame.ofRaw(topic, "src", seq, 0, 0, null, new byte[] {(byte) seq});
    }

    @Test
    void routesByPrefixAndHandsOverTheSameObject() throws Exception {
        Subscription det1 = bus.subscribe("a", List.of("data.det1.*"), 10, OverflowPolicy.BLOCK);
        Subscription all = bus.subscribe("b", List.of("*"), 10, OverflowPolicy.BLOCK);
        Subscription stats = bus.subscribe("c", List.of("stats"), 10, OverflowPolicy.BLOCK);
        Frame f1 = frame("data.det1.adc", 0);
        Frame f2 = frame("data.det10.adc", 0);
        bus.publish(f1);
        bus.publish(f2);
        assertSame(f1, det1.poll(0, TimeUnit.SECONDS));
        assertNull(det1.poll(0, TimeUnit.SECONDS));
        assertSame(f1, all.poll(0, TimeUnit.SECONDS));
        assertSame(f2, all.poll(0, TimeUnit.SECONDS));
        assertEquals(0, stats.depth());
    }

    @Test
    void subscriptionAddedLaterSeesLaterFrames() throws Exception {
        bus.publish(frame("data.x.y", 0)); // caches an empty route for the topic
        Subscription s = bus.subscribe("late", List.of("data.x.*"), 10, OverflowPolicy.BLOCK);
        bus.publish(frame("data.x.y", 1));
        assertEquals(1, s.poll(1, TimeUnit.SECONDS).sequence());
    }

    @Test
    void blockPolicyIsLosslessAndSlowsThePublisher() throws Exception {
        Subscription s = bus.subscribe("slow", List.of("*"), 4, OverflowPolicy.BLOCK);
        int n = 2000;
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    bus.publish(frame("t", i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        Thread.sleep(100);
        assertTrue(producer.isAlive(), "producer must be blocked by the full queue");
        assertEquals(4, s.depth());
        for (long expected = 0; expected < n; expected++) {
            Frame f = s.poll(5, TimeUnit.SECONDS);
            assertEquals(expected, f.sequence());
        }
        producer.join(5000);
        assertFalse(producer.isAlive());
        assertEquals(0, s.dropped());
        assertEquals(n, s.delivered());
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsEveryDrop() throws Exception {
        Subscription s = bus.subscribe("view", List.of("*"), 3, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 10; i++) {
            bus.publish(frame("t", i));
        }
        assertEquals(7, s.dropped());
        List<Frame> left = new ArrayList<>();
        s.drainTo(left, 10);
        assertEquals(List.of(7L, 8L, 9L), left.stream().map(Frame::sequence).toList());
    }

    @Test
    void closingReleasesABlockedPublisher() throws Exception {
        Subscription s = bus.subscribe("gone", List.of("*"), 1, OverflowPolicy.BLOCK);
        bus.publish(frame("t", 0));
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong published = new AtomicLong();
        Thread producer = new Thread(() -> {
            try {
                bus.publish(frame("t", 1));
                published.incrementAndGet();
                bus.publish(frame("t", 2)); // no subscriber left: returns at once
                published.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        producer.start();
        Thread.sleep(100);
        assertEquals(0, published.get());
        s.close();
        assertTrue(done.await(2, TimeUnit.SECONDS));
        assertEquals(2, published.get());
    }
}
