package org.daqhub.store.redis;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub Redis store", description = "Writes frames to Redis streams (or sorted sets), one key per topic, with expiry")
interface RedisConfig extends StoreRunnerConfig {
    @AttributeDefinition(defaultValue = "127.0.0.1", description = "Redis host")
    String host();

    @AttributeDefinition(defaultValue = "6379", description = "Redis port")
    int port();

    @AttributeDefinition(defaultValue = "", type = AttributeType.PASSWORD, description = "Redis password (AUTH); empty for none")
    String password();

    @AttributeDefinition(defaultValue = "0", description = "Redis database number")
    int database();

    @AttributeDefinition(defaultValue = "daqhub:{topic}", description = "Key; {topic} becomes the frame's topic")
    String key();

    @AttributeDefinition(defaultValue = "stream", description = "stream: XADD one entry per row with id <seq>-<row+1>; sortedset: ZADD one JSON member per row scored by its timestamp (ms)",
            options = {@Option(label = "stream", value = "stream"), @Option(label = "sortedset", value = "sortedset")})
    String mode();

    @AttributeDefinition(defaultValue = "0", name = "expiry.days", description = "Keys expire this many days after the last write; 0 = never")
    double expiry_days();

    @AttributeDefinition(defaultValue = "10", description = "Seconds to wait for an answer from the server before the batch goes to the spool")
    int socket_timeout_s();
}
