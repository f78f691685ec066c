package org.daqhub.core.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.alerts.cfg: the platform's built-in alert rules. */
@ObjectClassDefinition(name = "daqhub platform alerts", description = "Alerts on the instances' counters, sent through the notification routes")
public @interface AlertsConfig {
    @AttributeDefinition(required = false, description = "This node's name in its alerts' ids; left out: the host name")
    String node();

    @AttributeDefinition(min = "100", description = "How often the counters are sampled (ms)")
    long interval_ms() default 1000;

    @AttributeDefinition(description = "Instance kinds the built-in rules watch (driver, store, bus, integration, channel)")
    String kinds() default "driver,store,bus";

    @AttributeDefinition(min = "0", description = "A running driver whose frames have not moved for this long (s) is stalled; 0: off")
    double stalled_s() default 60;

    @AttributeDefinition(min = "0", description = "This many restarts within restarts.window.s is an alert; 0: off")
    int restarts_max() default 3;

    @AttributeDefinition(min = "1", description = "The window for restarts.max (s)")
    double restarts_window_s() default 600;

    @AttributeDefinition(min = "0", description = "A store with at least this many frames in its spool is an alert; 0: off")
    long spool_frames() default 1;

    @AttributeDefinition(min = "0", description = "Frames dropped are an alert until none more for this long (s); 0: off")
    double drops_quiet_s() default 60;
}
