package org.daqhub.core.notify;

import java.util.Map;

import org.daqhub.api.config.Settings;

/** {@link NotifyConfig} as read. */
record NotifyConfigValues(int maxAttempts, long retryInitialMillis, long retryMaxMillis, long pollMillis,
        long stopTimeoutMillis, int retentionDays) {
    static NotifyConfigValues read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        long initial = s.integer("retry.initial.ms", 1000, 1);
        return new NotifyConfigValues(s.intValue("max.attempts", 10, 1), initial,
                s.integer("retry.max.ms", Math.max(300_000, initial), initial), s.integer("poll.interval.ms", 1000, 10),
                s.integer("stop.timeout.ms", 10_000, 0), s.intValue("retention.days", 30, 1));
    }
}
