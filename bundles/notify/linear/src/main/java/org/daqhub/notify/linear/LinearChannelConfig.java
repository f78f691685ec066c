package org.daqhub.notify.linear;

import org.daqhub.api.notify.ChannelRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub Linear channel", description = "Notifications as Linear issues (GraphQL issueCreate)")
interface LinearChannelConfig extends ChannelRunnerConfig {
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "A Linear API key (lin_api_...); never logged or shown")
    String api_key();

    @AttributeDefinition(description = "The id of the team the issues are created in")
    String team_id();

    @AttributeDefinition(required = false, description = "Label ids put on every issue, comma-separated")
    String label_ids();

    @AttributeDefinition(defaultValue = "https://api.linear.app/graphql", description = "The GraphQL endpoint")
    String url();

    @AttributeDefinition(defaultValue = "10", min = "1", description = "Seconds to wait for Linear's answer")
    int timeout_s();
}
