package org.daqhub.api.bus;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;

/** A subscriber's bounded queue on the bus. Close it to unsubscribe (a blocked publisher is released). */
public interface Subscription extends AutoCloseable {
    String name();

    List<String> patterns();

    /** Next frame, waiting up to the timeout; null if none arrived. */
    Frame poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Moves up to {@code max} queued frames into {@code out} without waiting; returns how many. */
    int drainTo(Collection<? super Frame> out, int max);

    /** Frames put into the queue so far. */
    long delivered();

    /** Frames dropped because the queue was full ({@link OverflowPolicy#DROP_OLDEST} only). */
    long dropped();

    /** Frames waiting in the queue now. */
    int depth();

    int capacity();

    OverflowPolicy policy();

    @Override
    void close();
}
