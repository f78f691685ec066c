package org.daqhub.api.runtime;

/**
 * A snapshot of one running driver or store instance, as {@code daqhub:status} shows it.
 *
 * @param kind            {@code driver} or {@code store}
 * @param instance        instance name
 * @param type            component name (e.g. {@code org.daqhub.driver.simulator})
 * @param state           {@code RUNNING}, {@code BACKOFF}, {@code HUNG}, {@code STOPPED}, {@code FINISHED}, ...
 * @param frames          frames produced (driver) or written (store)
 * @param bytes           payload bytes produced or written
 * @param framesPerSecond rate over the last sampling interval
 * @param bytesPerSecond  rate over the last sampling interval
 * @param restarts        restarts after an error or a hang
 * @param dropped         frames dropped on the way to this instance
 * @param spooled         frames held in the disk spool
 * @param queueDepth      frames waiting in the instance's queue
 * @param lastError       last error message, or ""
 * @param p50Millis       latency percentiles over the recent window: publish time for drivers,
 * @param p95Millis       frame age at write completion for stores
 * @param p99Millis       (milliseconds)
 * @param counters        further counters by name, e.g. {@code gaps} and {@code missing} of a store (sequence gaps
 *                        and the frames in them), {@code unrouted} of a topic; exported as
 *                        {@code daqhub_instance_<name>_total}
 */
public record InstanceStatus(String kind, String instance, String type, String state, long frames, long bytes,
        double framesPerSecond, double bytesPerSecond, long restarts, long dropped, long spooled, int queueDepth,
        String lastError, double p50Millis, double p95Millis, double p99Millis, java.util.Map<String, Long> counters) {

    public InstanceStatus {
        counters = counters == null ? java.util.Map.of() : java.util.Map.copyOf(counters);
    }

    /** A status without further counters. */
    public InstanceStatus(String kind, String instance, String type, String state, long frames, long bytes,
            double framesPerSecond, double bytesPerSecond, long restarts, long dropped, long spooled, int queueDepth,
            String lastError, double p50Millis, double p95Millis, double p99Millis) {
        this(kind, instance, type, state, frames, bytes, framesPerSecond, bytesPerSecond, restarts, dropped, spooled,
                queueDepth, lastError, p50Millis, p95Millis, p99Millis, java.util.Map.of());
    }
}
