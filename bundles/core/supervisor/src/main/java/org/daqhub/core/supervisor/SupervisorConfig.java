package org.daqhub.core.supervisor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Defaults for every instance; an instance cfg may override any of these keys for itself. */
@ObjectClassDefinition(name = "daqhub supervisor", description = "Restart backoff and watchdog for drivers and stores")
@interface SupervisorConfig {
    @AttributeDefinition(description = "First restart delay after a failure (ms)")
    long backoff_initial_ms() default 1000;

    @AttributeDefinition(description = "Each further delay is the previous one times this factor")
    double backoff_factor() default 2.0;

    @AttributeDefinition(description = "Longest restart delay (ms)")
    long backoff_max_ms() default 60000;

    @AttributeDefinition(description = "An instance that ran this long without failing starts again at the initial delay (ms)")
    long backoff_reset_ms() default 60000;

    @AttributeDefinition(description = "A driver that neither publishes nor heart-beats for this long is interrupted and restarted (ms, 0 = off)")
    long watchdog_timeout_ms() default 30000;

    @AttributeDefinition(description = "How long stopping an instance may take (ms)")
    long stop_timeout_ms() default 5000;

    @AttributeDefinition(description = "A driver waits at most this long at its start for the stores configured for its topics to subscribe (ms)")
    long start_wait_ms() default 30000;

    @AttributeDefinition(description = "At stop, a store writes what is queued for it for at most this long, then spools or reports the rest (ms)")
    long drain_timeout_ms() default 30000;

    @AttributeDefinition(description = "Where store spools are kept, one directory per instance (default: data/spool)")
    String spool_dir() default "";

    @AttributeDefinition(description = "When a driver is run again: on-failure (after an exception or a hang), always (also after run() returned), never")
    String restart() default "on-failure";

    @AttributeDefinition(description = "Where sequence numbers are kept across restarts (default: data/sequences)")
    String sequence_dir() default "";
}
