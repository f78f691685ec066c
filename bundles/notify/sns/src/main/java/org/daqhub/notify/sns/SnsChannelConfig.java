package org.daqhub.notify.sns;

import org.daqhub.api.notify.ChannelRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub Amazon SNS channel", description = "Notifications published to an SNS topic")
interface SnsChannelConfig extends ChannelRunnerConfig {
    @AttributeDefinition(description = "The topic's ARN (arn:aws:sns:<region>:<account>:<name>; .fifo for a FIFO topic)")
    String topic_arn();

    @AttributeDefinition(required = false, description = "The AWS region; left out: the topic ARN's")
    String region();

    @AttributeDefinition(required = false, description = "Access key id; left out: the environment's AWS_ACCESS_KEY_ID")
    String access_key_id();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Secret access key; left out: AWS_SECRET_ACCESS_KEY; never logged or shown")
    String secret_access_key();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Session token of temporary credentials")
    String session_token();

    @AttributeDefinition(required = false, description = "The SNS endpoint; left out: https://sns.<region>.amazonaws.com/")
    String endpoint();

    @AttributeDefinition(defaultValue = "10", min = "1", description = "Seconds to wait for SNS's answer")
    int timeout_s();
}
