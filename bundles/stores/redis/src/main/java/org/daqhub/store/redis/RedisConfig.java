package org.daqhub.store.redis;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub Redis store", description = "Writes frames to Redis streams (or sorted sets), one key per topic, with expiry")
@interface RedisConfig {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.detector1.*")
    String topics();

    @AttributeDefinition(description = "Redis host")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Redis port")
    int port() default 6379;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Redis password (AUTH); empty for none")
    String password() default "";

    @AttributeDefinition(description = "Redis database number")
    int database() default 0;

    @AttributeDefinition(description = "Key; {topic} becomes the frame's topic")
    String key() default "daqhub:{topic}";

    @AttributeDefinition(description = "stream: XADD one entry per row with id <seq>-<row+1>; sortedset: ZADD one JSON member per row scored by its timestamp (ms)",
            options = {@Option(label = "stream", value = "stream"), @Option(label = "sortedset", value = "sortedset")})
    String mode() default "stream";

    @AttributeDefinition(name = "expiry.days", description = "Keys expire this many days after the last write; 0 = never")
    double expiry_days() default 0;

    @AttributeDefinition(description = "Seconds to wait for an answer from the server before the batch goes to the spool")
    int socket_timeout_s() default 10;
}
