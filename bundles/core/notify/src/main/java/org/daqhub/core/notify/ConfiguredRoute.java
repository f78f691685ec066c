package org.daqhub.core.notify;

import java.util.Map;

import org.daqhub.api.config.UnknownKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/** One etc/org.daqhub.notify.route-<name>.cfg, read; the outbox builds the tree from every one there is. */
@Component(name = "org.daqhub.notify.route", configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConfiguredRoute.class)
@Designate(ocd = RouteConfig.class, factory = true)
public class ConfiguredRoute {
    final RouteSpec spec;

    @Activate
    public ConfiguredRoute(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(RouteConfig.class))) {
            LoggerFactory.getLogger(ConfiguredRoute.class).warn("notification route {}: {}",
                    org.daqhub.api.config.Settings.instanceName(props), problem);
        }
        spec = RouteSpec.read(props); // an InvalidConfigException fails the component, logged by DS with the key
    }
}
