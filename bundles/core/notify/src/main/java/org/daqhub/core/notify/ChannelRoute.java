package org.daqhub.core.notify;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.notify.Notification;

/**
 * Which notifications a channel gets, from its cfg (the keys of {@code ChannelRunnerConfig}): severities and
 * event types, each empty for all; and how fast it may send.
 */
record ChannelRoute(Set<String> severities, Set<String> eventTypes, double ratePerSecond) {
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    static ChannelRoute read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        Set<String> sev = lower(s.has("match.severity") ? s.list("match.severity") : List.of());
        for (String v : sev) {
            if (!SEVERITIES.contains(v)) {
                throw new InvalidConfigException(s.instance(), "match.severity", v, "is not one of info, warning, critical");
            }
        }
        Set<String> types = lower(s.has("match.event_type") ? s.list("match.event_type") : List.of());
        double rate = s.number("rate.per.s", 1.0, 0.001);
        return new ChannelRoute(sev, types, rate);
    }

    private static Set<String> lower(List<String> l) {
        return Set.copyOf(l.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList());
    }

    boolean accepts(Notification n) {
        return (severities.isEmpty() || severities.contains(n.severity()))
                && (eventTypes.isEmpty() || eventTypes.contains(n.attributes().getOrDefault("event_type", "")));
    }
}
