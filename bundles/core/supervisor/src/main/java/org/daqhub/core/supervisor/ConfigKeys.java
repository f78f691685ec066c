package org.daqhub.core.supervisor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.UnknownKeys;

/**
 * Keys of an instance's cfg that nobody reads: each is named with the nearest known key ("unknown key out_dir,
 * did you mean out.dir?"), so a typo does not silently leave a setting at its default. Known are the keys of
 * the component's metatype (its {@code @ObjectClassDefinition}), the keys the platform reads for every instance
 * (supervision, and for stores the runner's), and the framework's own ({@code service.*}, {@code felix.*}, ...).
 */
final class ConfigKeys {
    /** Read by the supervisor for every instance (SupervisionSettings, the driver's restart policy). */
    static final Set<String> SUPERVISION = Set.of("backoff.initial.ms", "backoff.factor", "backoff.max.ms", "backoff.reset.ms",
            "watchdog.timeout.ms", "stop.timeout.ms", "start.wait.ms", "drain.timeout.ms");
    static final Set<String> DRIVER_RUNNER = Set.of("restart");
    /** Read by the store runner (StoreSupervisor.create). */
    static final Set<String> STORE_RUNNER = Set.of("topics", "batch.size", "batch.max.bytes", "batch.linger.ms", "queue.capacity",
            "overflow", "spool.enabled", "spool.max.bytes", "spool.overflow");

    private ConfigKeys() {
    }

    /** One line per unknown key; empty when {@code declared} is null (the component has no metatype to check against). */
    static List<String> unknown(Map<String, Object> props, Set<String> declared, Set<String> platform) {
        if (declared == null) {
            return List.of();
        }
        Set<String> known = new TreeSet<>(declared);
        known.addAll(SUPERVISION);
        known.addAll(platform);
        return UnknownKeys.of(props, known, declared);
    }
}
