package org.daqhub.events;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.events.cfg: read by the ingestion (JobEvents) and the retention (EventRetention). */
@ObjectClassDefinition(name = "daqhub job monitoring",
        description = "Event ingestion and retention (the body limit of every route is in etc/org.daqhub.http.cfg)")
public @interface EventsConfig {
    @AttributeDefinition(name = "Largest clock skew (s)", min = "1",
            description = "An event whose 'at' is further than this from the server's clock is refused (422)")
    int max_skew_s() default 600;

    @AttributeDefinition(name = "Largest batch", min = "1", description = "Events in one batch request; more is 413")
    int max_batch_events() default 10_000;

    @AttributeDefinition(name = "Retention (days)", min = "0",
            description = "Events, and jobs that ended, older than this are deleted; 0 keeps everything")
    int retention_days() default 0;

    @AttributeDefinition(name = "Retention interval (min)", min = "1", description = "How often the retention runs")
    int retention_interval_min() default 60;
}
