package org.daqhub.core.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub bus", description = "The data bus: in-JVM routing plus a TCP endpoint for other nodes and ZMQ clients")
@interface BusConfig {
    @AttributeDefinition(description = "Id of this node, stamped on forwarded frames; default: host name")
    String node_id() default "";

    @AttributeDefinition(description = "Open the TCP endpoints")
    boolean tcp_enabled() default true;

    @AttributeDefinition(description = "Address to bind the TCP endpoints to (0.0.0.0 for every interface)")
    String tcp_bind() default "127.0.0.1";

    @AttributeDefinition(description = "Port where remote subscribers connect (XPUB)")
    int tcp_pub_port() default 5560;

    @AttributeDefinition(description = "Port where remote publishers connect (SUB)")
    int tcp_sub_port() default 5561;

    @AttributeDefinition(description = "Frames buffered for remote subscribers before the oldest are dropped")
    int tcp_queue_capacity() default 10000;

    @AttributeDefinition(description = "Other daqhub nodes to receive frames from: their tcp.pub.port endpoints, e.g. tcp://node2:5560 (comma-separated)")
    String remote_subscribe() default "";

    @AttributeDefinition(description = "Topic patterns to receive from the remote nodes")
    String remote_topics() default "data.*";
}
