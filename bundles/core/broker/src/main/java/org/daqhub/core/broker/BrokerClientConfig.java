package org.daqhub.core.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub broker connection",
        description = "Where daqhub sends and receives broker messages: the embedded Artemis or an external one")
public @interface BrokerClientConfig {
    @AttributeDefinition(description = "Artemis core URL, e.g. tcp://127.0.0.1:61616 or (tcp://a:61616,tcp://b:61616)?ha=true")
    String url() default "tcp://127.0.0.1:61616";

    String user() default "karaf";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "karaf";

    @AttributeDefinition(description = "non_persistent: sends are not acknowledged one by one (fast; lost if the broker "
            + "dies before delivering); persistent: each send waits for the broker (survives a broker restart for durable subscribers)")
    String delivery_mode() default "non_persistent";

    @AttributeDefinition(description = "Seconds between reconnection attempts while the broker is down")
    int reconnect_interval_s() default 2;
}
