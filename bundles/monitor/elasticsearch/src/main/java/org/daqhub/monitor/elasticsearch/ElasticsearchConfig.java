package org.daqhub.monitor.elasticsearch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub Elasticsearch integration",
        description = "Indexes monitoring events through the _bulk API into one index per UTC day: <prefix>-YYYY.MM.DD")
public @interface ElasticsearchConfig {
    @AttributeDefinition(description = "Base URL of the cluster (http:// or https://), e.g. http://127.0.0.1:9200")
    String url() default "http://127.0.0.1:9200";

    @AttributeDefinition(description = "Index name prefix (lower case); the event's UTC day is appended: daqhub-2026.11.23")
    String index_prefix() default "daqhub-events";

    @AttributeDefinition(description = "Basic authentication user (empty: none)")
    String username() default "";

    @AttributeDefinition(description = "Basic authentication password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "API key, sent as 'Authorization: ApiKey <key>' (the encoded id:key; instead of username)")
    String api_key() default "";

    @AttributeDefinition(description = "Seconds before a request counts as failed")
    int timeout_s() default 30;
}
