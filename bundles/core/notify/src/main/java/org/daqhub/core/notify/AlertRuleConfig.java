package org.daqhub.core.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** etc/org.daqhub.alerts.rule-<name>.cfg: ENRGDAQ's healthcheck rule on one counter. */
@ObjectClassDefinition(name = "daqhub alert rule", description = "An alert when a counter stalls, or when it moves")
public @interface AlertRuleConfig {
    @AttributeDefinition(description = "Instance kinds it watches, comma-separated")
    String kinds() default "driver";

    @AttributeDefinition(description = "Instance names, globs, comma-separated")
    String instances() default "*";

    @AttributeDefinition(description = "frames, bytes, restarts, drops, spooled, or a further counter of daqhub:status -v (e.g. gaps)")
    String counter() default "frames";

    @AttributeDefinition(min = "0.001", description = "The window (s)")
    double seconds() default 60;

    @AttributeDefinition(description = "stalled: alert when it has not moved for the window (while running); moving: when it has",
            options = { @Option(label = "stalled", value = "stalled"), @Option(label = "moving", value = "moving") })
    String when() default "stalled";

    @AttributeDefinition(options = { @Option(label = "info", value = "info"), @Option(label = "warning", value = "warning"),
            @Option(label = "critical", value = "critical") }, description = "The alert's severity")
    String severity() default "warning";
}
