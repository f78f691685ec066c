package org.daqhub.api.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * The supervision keys any driver or store cfg may set for itself, over the supervisor's defaults
 * (etc/org.daqhub.supervisor.cfg). Not for a plugin to extend directly: {@code StoreRunnerConfig} and
 * {@code DriverRunnerConfig} do, and a plugin's {@code @ObjectClassDefinition} interface extends one of those,
 * so its metatype (the web console's form, the unknown-key check) declares these keys too. No defaults here:
 * an instance that does not set one gets the supervisor's.
 */
public interface SupervisedConfig {
    @AttributeDefinition(required = false, description = "First restart delay after a failure (ms; default: the supervisor's)")
    long backoff_initial_ms();

    @AttributeDefinition(required = false, description = "Each further restart delay is the previous one times this factor")
    double backoff_factor();

    @AttributeDefinition(required = false, description = "Longest restart delay (ms)")
    long backoff_max_ms();

    @AttributeDefinition(required = false, description = "Running this long without failing resets the delay (ms)")
    long backoff_reset_ms();

    @AttributeDefinition(required = false, description = "A driver silent this long is interrupted and restarted (ms, 0 = off)")
    long watchdog_timeout_ms();

    @AttributeDefinition(required = false, description = "How long stopping this instance may take (ms)")
    long stop_timeout_ms();

    @AttributeDefinition(required = false, description = "A driver waits at most this long for the stores of its topics (ms)")
    long start_wait_ms();

    @AttributeDefinition(required = false, description = "At stop, a store writes what is queued for at most this long (ms)")
    long drain_timeout_ms();
}
