package org.daqhub.core.stats;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.stats.cfg: present, statistics are published; absent, not. */
@ObjectClassDefinition(name = "daqhub statistics", description = "Every instance's counters as frames on stats.<node> "
        + "(ENRGDAQ's stats.csv columns) and the bus links' on stats.<node>.remote (stats_remote.csv)")
public @interface StatsConfig {
    @AttributeDefinition(min = "1", description = "Seconds between snapshots")
    int interval_s() default 5;
}
