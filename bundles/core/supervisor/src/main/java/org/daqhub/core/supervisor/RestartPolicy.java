package org.daqhub.core.supervisor;

import org.daqhub.api.config.InvalidConfigException;

/** When a driver is run again ({@code restart} in its cfg; ENRGDAQ's {@code restart_on_crash}). */
enum RestartPolicy {
    /** after a failure and after run() returned */
    ALWAYS,
    /** after a failure or a hang only (the default) */
    ON_FAILURE,
    /** never: a failure leaves the instance FAILED until daqhub:restart or a cfg change */
    NEVER;

    static RestartPolicy parse(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "on-failure", "on_failure" -> ON_FAILURE;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("must be always, on-failure or never");
        };
    }

}
