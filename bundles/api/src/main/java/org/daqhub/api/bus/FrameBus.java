package org.daqhub.api.bus;

import java.util.List;

import org.daqhub.api.Frame;

/**
 * The data bus: publish frames by topic, subscribe by topic pattern. Within one JVM frames are handed over
 * by reference; each subscriber has its own bounded queue and {@link OverflowPolicy}.
 */
public interface FrameBus {
    /**
     * Delivers the frame to every subscriber whose pattern matches its topic. Blocks while a
     * {@link OverflowPolicy#BLOCK} subscriber's queue is full.
     */
    void publish(Frame frame) throws InterruptedException;

    /**
     * Opens a subscription.
     *
     * @param name     shown in status and logs
     * @param patterns topic patterns, see {@link TopicPattern}
     * @param capacity queue length in frames
     * @param policy   what happens when the queue is full
     */
    Subscription subscribe(String name, List<String> patterns, int capacity, OverflowPolicy policy);

    /** This node's id, stamped as origin on frames forwarded to other nodes. */
    String nodeId();
}
