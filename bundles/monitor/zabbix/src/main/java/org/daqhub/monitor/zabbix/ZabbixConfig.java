package org.daqhub.monitor.zabbix;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub Zabbix integration",
        description = "Sends monitoring events to a Zabbix server or proxy with the sender protocol (trapper items)")
public @interface ZabbixConfig {
    @AttributeDefinition(description = "Zabbix server or proxy address")
    String server() default "127.0.0.1";

    @AttributeDefinition(description = "Its trapper port")
    int port() default 10051;

    @AttributeDefinition(description = "The host in Zabbix the trapper items belong to (its technical name)")
    String host() default "daqhub";

    @AttributeDefinition(description = "First part of every item key: <prefix>.<entity>.<kind>, e.g. daqhub.job.finished")
    String key_prefix() default "daqhub";

    @AttributeDefinition(description = "Values per request (zabbix_sender sends 250)")
    int batch_size() default 250;

    @AttributeDefinition(description = "Seconds before a request counts as failed")
    int timeout_s() default 10;
}
