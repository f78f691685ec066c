package org.daqhub.core.supervisor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.SupervisedConfig;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.driver.DriverRunnerConfig;
import org.daqhub.api.store.StoreRunnerConfig;

/**
 * Keys of an instance's cfg that nobody reads: each is named with the nearest known key ("unknown key out_dir,
 * did you mean out.dir?"), so a typo does not silently leave a setting at its default. Known are the keys of
 * the component's metatype (its {@code @ObjectClassDefinition}), the keys the platform reads for every instance
 * (supervision, and for stores the runner's), and the framework's own ({@code service.*}, {@code felix.*}, ...).
 */
final class ConfigKeys {
    /** Read by the supervisor for every instance (SupervisionSettings); declared in the API for plugins' metatypes. */
    static final Set<String> SUPERVISION = UnknownKeys.declared(SupervisedConfig.class);
    /** Read by the driver runner: supervision and the restart policy. */
    static final Set<String> DRIVER_RUNNER = UnknownKeys.declared(DriverRunnerConfig.class);
    /** Read by the store runner (StoreSupervisor.create): supervision, topics, batching, queue, spool. */
    static final Set<String> STORE_RUNNER = UnknownKeys.declared(StoreRunnerConfig.class);

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
