package org.daqhub.core.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.notify.route-<name>.cfg: one route of the notification tree (Alertmanager's route). */
@ObjectClassDefinition(name = "daqhub notification route", description = "Which notifications go to which channels, grouped how")
public @interface RouteConfig {
    @AttributeDefinition(required = false, description = "The parent route's name; root when left out")
    String parent() default "root";

    @AttributeDefinition(min = "0", description = "Among its siblings, lower is tried first (then by name)")
    int order() default 100;

    @AttributeDefinition(required = false, description = "Channels (names after the ~ of their PIDs) that get what this route takes; * for every channel")
    String channels();

    @AttributeDefinition(description = "After this route matched, try its following siblings too")
    boolean continue$() default false; // continue, a Java keyword: DS drops the $

    @AttributeDefinition(required = false, description = "Attributes whose values make a group (e.g. event_type,instance); ... for none; left out: the parent's")
    String group_by();

    @AttributeDefinition(required = false, description = "Seconds a new group waits for more before its first send; left out: the parent's")
    double group_wait_s();

    @AttributeDefinition(required = false, description = "Seconds between sends of one group; left out: the parent's")
    double group_interval_s();

    @AttributeDefinition(required = false, description = "Seconds after which a still-firing alert is sent again; left out: the parent's")
    double repeat_interval_s();

    @AttributeDefinition(required = false, description = "Severities (info, warning, critical), globs, comma-separated")
    String match_severity();

    @AttributeDefinition(required = false, description = "Event types (error, completion, state_change, alert, test), globs")
    String match_event__type();

    @AttributeDefinition(required = false, description = "Instance names (drivers, stores, channels), globs")
    String match_instance();

    @AttributeDefinition(required = false, description = "Instance kinds (driver, store, bus, channel), globs")
    String match_kind();

    @AttributeDefinition(required = false, description = "Workset states (error, failed, complete, retrying), globs")
    String match_state();

    @AttributeDefinition(required = false, description = "Workset priorities (urgent, normal, low), globs")
    String match_priority();

    @AttributeDefinition(required = false, description = "Workset ids, globs")
    String match_workset__id();

    @AttributeDefinition(required = false, description = "Cluster names, globs")
    String match_cluster__name();

    @AttributeDefinition(required = false, description = "Workset error categories (transient, resource, permanent, config, data), globs")
    String match_error__category();

    @AttributeDefinition(required = false, description = "Platform alert names (stalled, restarts, spooling, drops, stale_lock), globs")
    String match_alert();

    @AttributeDefinition(required = false, description = "Alert status (firing, resolved), globs")
    String match_status();
}
