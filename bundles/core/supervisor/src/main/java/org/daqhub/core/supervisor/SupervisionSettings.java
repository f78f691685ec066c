package org.daqhub.core.supervisor;

import org.daqhub.api.config.Settings;

/**
 * Restart and watchdog settings. Read from etc/org.daqhub.supervisor.cfg and overridable per instance
 * with the same keys in the instance's own cfg.
 */
record SupervisionSettings(long backoffInitialMillis, double backoffFactor, long backoffMaxMillis, long backoffResetMillis,
        long watchdogMillis, long stopTimeoutMillis, long startWaitMillis, long drainTimeoutMillis) {

    static final SupervisionSettings DEFAULTS = new SupervisionSettings(1000, 2.0, 60000, 60000, 30000, 5000, 30000, 30000);

    /** Values from {@code s}, falling back to {@code base}; bad values raise an error naming the key. */
    static SupervisionSettings read(Settings s, SupervisionSettings base) {
        long initial = s.integer("backoff.initial.ms", base.backoffInitialMillis, 0);
        double factor = s.number("backoff.factor", base.backoffFactor, 1);
        long max = s.integer("backoff.max.ms", Math.max(base.backoffMaxMillis, initial), initial);
        return new SupervisionSettings(initial, factor, max,
                s.integer("backoff.reset.ms", base.backoffResetMillis, 0),
                s.integer("watchdog.timeout.ms", base.watchdogMillis, 0),
                s.integer("stop.timeout.ms", base.stopTimeoutMillis, 0),
                s.integer("start.wait.ms", base.startWaitMillis, 0),
                s.integer("drain.timeout.ms", base.drainTimeoutMillis, 0));
    }

    Backoff newBackoff() {
        return new Backoff(backoffInitialMillis, backoffFactor, backoffMaxMillis);
    }
}
