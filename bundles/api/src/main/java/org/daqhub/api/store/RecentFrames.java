package org.daqhub.api.store;

import java.util.List;
import java.util.SortedSet;

import org.daqhub.api.Frame;

/**
 * A store that keeps the newest frames of each topic in memory (the memory store), registered as this service
 * beside {@link Store}. {@code daqhub:peek} and {@code GET /api/v1/peek/{topic}} read them: the quickest way for an
 * operator to look at live data. Called from any thread while frames are being written.
 */
public interface RecentFrames {
    /** The topics it holds frames of. */
    SortedSet<String> topics();

    /** Up to {@code n} of the newest frames of {@code topic}, oldest first; empty when it holds none. */
    List<Frame> newest(String topic, int n);
}
