package org.daqhub.core.health;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.health.cfg: when a check is critical rather than a warning. */
@ObjectClassDefinition(name = "daqhub health checks", description = "What makes GET /api/v1/health answer 503")
public @interface HealthConfig {
    @AttributeDefinition(min = "1", description = "Frames in an instance's disk spool from which it is critical (fewer: a warning)")
    long spool_critical_frames() default 100000;

    @AttributeDefinition(min = "1", description = "Seconds the bookkeeping database has to answer SELECT 1")
    int database_timeout_s() default 2;
}
