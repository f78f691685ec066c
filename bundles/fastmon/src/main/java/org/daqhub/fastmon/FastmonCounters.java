package org.daqhub.fastmon;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * What fast monitoring counts, and its last error: bumped by {@link StfIntake} and {@link StfRegistrar}, reported
 * by {@link FastMonitor#counters()} and {@link FastMonitor#instances()}. One instance per component, handed to each
 * part, so that the parts report as one. Atomics and a volatile: the consumer thread, the broker's listener and
 * REST threads all count, and no two counters need to agree at any one instant.
 */
final class FastmonCounters {
    final AtomicLong registered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong tfs = new AtomicLong();
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong dispatchFailures = new AtomicLong();
    /** Broker messages of other agents' types, ignored on purpose. */
    final AtomicLong ignored = new AtomicLong();
    final RefusedMessages refused;
    volatile String lastError = "";

    /** {@code log}: where the first refusal of each reason is warned about (the component's logger). */
    FastmonCounters(Logger log) {
        refused = new RefusedMessages(log);
    }
}
