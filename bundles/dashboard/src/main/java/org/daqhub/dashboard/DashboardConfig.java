package org.daqhub.dashboard;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.dashboard.cfg. */
@ObjectClassDefinition(name = "daqhub dashboard", description = "The live page at /daqhub/")
public @interface DashboardConfig {
    @AttributeDefinition(min = "50", description = "How often the live stream sends every instance's counters (ms)")
    long stream_interval_ms() default 500;

    @AttributeDefinition(min = "1", description = "Live streams (browser tabs) served at once; more are refused with 503")
    int max_streams() default 50;
}
