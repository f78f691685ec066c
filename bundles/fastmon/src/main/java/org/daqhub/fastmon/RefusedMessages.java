package org.daqhub.fastmon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Broker messages fast monitoring could not use, counted per reason. Only the first message of each reason is
 * logged at WARN, later ones at DEBUG: a client sending a flood of bad messages must not fill the log, and the
 * counts (daqhub:status, GET /api/v1/status) still show that it goes on. Reasons are a fixed set of names,
 * so the map stays small whatever arrives.
 */
final class RefusedMessages {
    private final Logger log;
    private final Map<String, AtomicLong> byReason = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private volatile String last = "";

    RefusedMessages(Logger log) {
        this.log = log;
    }

    void refuse(String reason, String detail) {
        total.incrementAndGet();
        long n = byReason.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        last = "broker message refused (" + reason + ", " + n + " so far): " + detail;
        if (n == 1) {
            log.warn("fast monitoring refused a broker message ({}): {}; further ones for this reason are counted "
                    + "(GET /api/v1/status, daqhub:status) and logged at DEBUG", reason, detail);
        } else {
            log.debug("fast monitoring refused a broker message ({}): {}", reason, detail);
        }
    }

    long total() {
        return total.get();
    }

    long count(String reason) {
        AtomicLong n = byReason.get(reason);
        return n == null ? 0 : n.get();
    }

    /** The last refusal with its reason and count, or "". */
    String last() {
        return last;
    }

    /** Counts by reason, sorted by name. */
    Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        byReason.forEach((reason, n) -> m.put(reason, n.get()));
        return m;
    }
}
