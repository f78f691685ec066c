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
}
