package org.daqhub.worksets;

import java.util.Map;

import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/** One etc/org.daqhub.worksets.cluster-<name>.cfg: a cluster the scheduler may place worksets on. */
@Component(name = "org.daqhub.worksets.cluster", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ClusterConfig.class, factory = true)
public class ConfiguredCluster {
    private final Scheduler scheduler;
    private final String name;

    @Activate
    public ConfiguredCluster(@Reference Worksets worksets, Map<String, Object> props) {
        this.scheduler = worksets.scheduler();
        this.name = Settings.instanceName(props);
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(ClusterConfig.class))) {
            LoggerFactory.getLogger(ConfiguredCluster.class).warn("cluster {}: {}", name, problem);
        }
        scheduler.define(name, read(props));
        LoggerFactory.getLogger(ConfiguredCluster.class).info("daqhub worksets: cluster {} can be scheduled on", name);
    }

    static Scheduler.ClusterSpec read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        return new Scheduler.ClusterSpec(s.string("availability.zone", ""), s.intValue("max.vcpus", 64, 1),
                s.number("max.memory.gb", 0, 0), s.intValue("max.concurrent.worksets", 3, 1),
                s.number("cost.per.vcpu.hour", 0.05, 0));
    }

    /** Only a deleted cfg retires the cluster: the table is shared by every node, and a node stopping keeps it. */
    @Deactivate
    void deactivate(int reason) {
        if (reason == org.osgi.service.component.ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            scheduler.retire(name);
        }
    }
}
