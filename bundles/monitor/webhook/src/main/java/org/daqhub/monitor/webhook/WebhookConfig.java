package org.daqhub.monitor.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub monitoring webhook", description = "Sends each batch of events as a JSON array")
public @interface WebhookConfig {
    @AttributeDefinition(description = "http:// or https:// URL")
    String url();

    @AttributeDefinition(description = "POST or PUT")
    String method() default "POST";

    @AttributeDefinition(description = "Extra headers, 'Name: value' each (e.g. Authorization: Bearer ...)")
    String[] headers() default {};

    @AttributeDefinition(description = "Check the server's TLS certificate (turn off only for self-signed test servers)")
    boolean verify_tls() default true;

    @AttributeDefinition(description = "Seconds before a request counts as failed")
    int timeout_s() default 10;
}
