package org.daqhub.notify.slack;

import org.daqhub.api.notify.ChannelRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub Slack channel", description = "Notifications as Slack messages through an incoming webhook")
interface SlackChannelConfig extends ChannelRunnerConfig {
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The incoming webhook's URL (https://hooks.slack.com/services/...); "
            + "a secret: never logged or shown")
    String url();

    @AttributeDefinition(required = false, description = "Put before critical messages, e.g. <!here> or <!channel>; empty: none")
    String mention_critical();

    @AttributeDefinition(defaultValue = "10", min = "1", description = "Seconds to wait for Slack's answer")
    int timeout_s();
}
