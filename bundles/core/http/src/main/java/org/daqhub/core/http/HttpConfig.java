package org.daqhub.core.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HttpConfig.PID, name = "daqhub HTTP surface",
        description = "Body limits and authentication of every daqhub route (etc/org.daqhub.http.cfg)")
public @interface HttpConfig {
    String PID = "org.daqhub.http";

    @AttributeDefinition(name = "Largest request body", min = "1024",
            description = "Bytes of JSON one request may carry; beyond, 413 naming body (a client cannot make daqhub "
                    + "hold an arbitrarily large document in memory)")
    long max_body_bytes() default 16L << 20;

    @AttributeDefinition(name = "Deepest nesting", min = "8",
            description = "Nesting depth of JSON objects and arrays one request may carry; beyond, 400 naming body")
    int max_nesting_depth() default 200;

    @AttributeDefinition(name = "JAAS realm", description = "The Karaf JAAS realm user names and passwords are "
            + "checked against (Basic authentication); API tokens are daqhub's own (daqhub:token-create)")
    String realm() default "karaf";

    @AttributeDefinition(name = "Remember a login (s)", min = "0",
            description = "A Basic login that succeeded is not checked against the realm again for this long (0: "
                    + "every request); a revoked user or changed password takes effect after at most this")
    int auth_cache_s() default 60;

    @AttributeDefinition(name = "Open /metrics", description = "Serve /metrics without authentication (the "
            + "Prometheus convention on a trusted network); off: a viewer's credentials or token are needed")
    boolean metrics_open() default false;
}
