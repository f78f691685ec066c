package org.daqhub.worksets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.daqhub.worksets.cluster-<name>.cfg: one cluster worksets can be scheduled on. */
@ObjectClassDefinition(name = "daqhub workset cluster", description = "A cluster's capacity and price, for the scheduler")
public @interface ClusterConfig {
    @AttributeDefinition(description = "Availability zone, e.g. us-west-2a; worksets may prefer one")
    String availability_zone() default "";

    @AttributeDefinition(min = "1", description = "vCPUs the cluster has")
    int max_vcpus() default 64;

    @AttributeDefinition(min = "0", description = "Memory the cluster has (GB)")
    double max_memory_gb() default 0;

    @AttributeDefinition(min = "1", description = "Worksets that may run on it at once")
    int max_concurrent_worksets() default 3;

    @AttributeDefinition(min = "0", description = "Price of one vCPU hour (USD)")
    double cost_per_vcpu_hour() default 0.05;
}
