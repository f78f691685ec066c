package org.daqhub.worksets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.worksets.cfg. */
@ObjectClassDefinition(name = "daqhub worksets", description = "Lease locks, the priority queue and classified retries")
public @interface WorksetsConfig {
    @AttributeDefinition(name = "Heartbeat interval (s)", min = "1",
            description = "How often a holder renews its lease; a holder silent for 3 heartbeats has lost it")
    int heartbeat_s() default 5;

    @AttributeDefinition(name = "Lease (s)", min = "1", description = "A lease lasts this long past its last heartbeat "
            + "(at most 3 heartbeats less one sweep, so a dead holder's workset is taken over within 3 heartbeats)")
    int lease_s() default 10;

    @AttributeDefinition(name = "Sweep interval (ms)", min = "100",
            description = "How often expired leases go back to the queue and due retries become ready")
    int sweep_interval_ms() default 1000;

    @AttributeDefinition(name = "Most active worksets", min = "0",
            description = "A claim is refused (empty) while this many are locked or in progress; 0 = no cap")
    int max_active() default 0;

    @AttributeDefinition(name = "Retries", min = "0", description = "A transient or resource failure is retried this many times")
    int max_retries() default 3;

    @AttributeDefinition(name = "Longest retry delay (s)", min = "1", description = "Retry delays double from 1 s up to this")
    int retry_max_s() default 3600;
}
