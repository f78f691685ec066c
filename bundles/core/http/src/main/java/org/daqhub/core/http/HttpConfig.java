package org.daqhub.core.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HttpConfig.PID, name = "daqhub HTTP surface",
        description = "The JSON body limit of every route under /api/v1 and /v1 (etc/org.daqhub.http.cfg)")
public @interface HttpConfig {
    String PID = "org.daqhub.http";

    @AttributeDefinition(name = "Largest request body", min = "1024",
            description = "Bytes of JSON one request may carry; beyond, 413 naming body (a client cannot make daqhub "
                    + "hold an arbitrarily large document in memory)")
    long max_body_bytes() default 16L << 20;

    @AttributeDefinition(name = "Deepest nesting", min = "8",
            description = "Nesting depth of JSON objects and arrays one request may carry; beyond, 400 naming body")
    int max_nesting_depth() default 200;
}
