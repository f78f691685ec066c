package org.daqhub.core.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.notify.cfg: how the outbox is delivered. */
@ObjectClassDefinition(name = "daqhub notification delivery", description = "Retries and polling of the notification outbox")
public @interface NotifyConfig {
    @AttributeDefinition(min = "1", description = "Attempts before a notification fails for good")
    int max_attempts() default 10;

    @AttributeDefinition(min = "1", description = "First retry delay (ms); each further one doubles")
    long retry_initial_ms() default 1000;

    @AttributeDefinition(min = "1", description = "Longest retry delay (ms)")
    long retry_max_ms() default 300000;

    @AttributeDefinition(min = "10", description = "How often each channel looks for due notifications (ms) when nothing wakes it")
    long poll_interval_ms() default 1000;

    @AttributeDefinition(min = "0", description = "How long stopping waits for a send in progress (ms)")
    long stop_timeout_ms() default 10000;

    @AttributeDefinition(min = "1", description = "Days a sent, failed or silenced notification and its audit are kept")
    int retention_days() default 30;

    @AttributeDefinition(required = false, description = "The root route's channels: what no route takes goes there; * for every channel")
    String route_channels() default "*";

    @AttributeDefinition(required = false, description = "The root's grouping attributes (routes inherit it); ... for none")
    String route_group_by() default "...";

    @AttributeDefinition(min = "0", description = "Seconds a new group waits for more before its first send")
    double route_group_wait_s() default 0;

    @AttributeDefinition(min = "0", description = "Seconds between sends of one group")
    double route_group_interval_s() default 300;

    @AttributeDefinition(min = "0", description = "Seconds after which a still-firing alert is sent again (0: never)")
    double route_repeat_interval_s() default 14400;
}
