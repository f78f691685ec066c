package org.daqhub.notify.webhook;

import org.daqhub.api.notify.ChannelRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub webhook channel", description = "Notifications as a JSON POST to a URL")
interface WebhookChannelConfig extends ChannelRunnerConfig {
    @AttributeDefinition(description = "Where to POST, http:// or https://")
    String url();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Sent as the Authorization header (e.g. Bearer ...); never logged")
    String authorization();

    @AttributeDefinition(defaultValue = "10", description = "Seconds to wait for the answer")
    int timeout_s();
}
