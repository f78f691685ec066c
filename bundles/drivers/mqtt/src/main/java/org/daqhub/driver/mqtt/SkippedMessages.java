package org.daqhub.driver.mqtt;

import org.slf4j.Logger;

/**
 * Logs messages that could not become a row: the first at once, then at most one line every 10 s with the
 * count since, so a device sending garbage at 1 kHz does not flood the log but is never silent.
 */
final class SkippedMessages {
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String instance;
    private long total;
    private long sinceLog;
    private long lastLogNanos;

    SkippedMessages(Logger log, String instance) {
        this.log = log;
        this.instance = instance;
    }

    void skipped(String topic, String reason) {
        total++;
        sinceLog++;
        long now = System.nanoTime();
        if (total == 1 || now - lastLogNanos >= EVERY_NANOS) {
            log.warn("daqhub MQTT driver '{}': skipped {} message(s) (total {}); the latest on {}: {}", instance, sinceLog, total, topic, reason);
            sinceLog = 0;
            lastLogNanos = now;
        }
    }
}
