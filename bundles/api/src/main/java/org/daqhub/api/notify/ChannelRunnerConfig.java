package org.daqhub.api.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * The keys the platform reads from every channel's cfg: which notifications reach it and how fast it may send.
 * A channel's {@code @ObjectClassDefinition} interface extends this one, so its metatype declares them too.
 */
public interface ChannelRunnerConfig {
    @AttributeDefinition(required = false, description = "Severities this channel gets, comma-separated (info, warning, critical); empty: all")
    String match_severity();

    @AttributeDefinition(required = false, description = "Event types this channel gets, comma-separated (the event_type attribute, e.g. error, completion); empty: all")
    String match_event__type();

    @AttributeDefinition(defaultValue = "1.0", description = "Most messages per second (Slack allows about one)")
    double rate_per_s();
}
