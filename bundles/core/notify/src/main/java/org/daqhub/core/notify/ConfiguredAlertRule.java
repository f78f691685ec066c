package org.daqhub.core.notify;

import java.util.Map;
import java.util.Set;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/** One etc/org.daqhub.alerts.rule-<name>.cfg, read; the platform alerts evaluate every one there is. */
@Component(name = "org.daqhub.alerts.rule", configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConfiguredAlertRule.class)
@Designate(ocd = AlertRuleConfig.class, factory = true)
public class ConfiguredAlertRule {
    final AlertRules.CounterRule rule;

    @Activate
    public ConfiguredAlertRule(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(AlertRuleConfig.class))) {
            LoggerFactory.getLogger(ConfiguredAlertRule.class).warn("alert rule {}: {}", Settings.instanceName(props), problem);
        }
        rule = read(props);
    }

    static AlertRules.CounterRule read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        if (java.util.List.of("stalled", "restarts", "spooling", "drops", "stale_lock").contains(s.instance())) {
            throw new InvalidConfigException(s.instance(), "service.pid", s.instance(), "is a built-in alert's name; name the rule otherwise");
        }
        String when = s.oneOf("when", "stalled", "stalled", "moving");
        String severity = s.oneOf("severity", "warning", "info", "warning", "critical");
        String instances = s.string("instances", "*");
        if (instances.isBlank()) {
            throw new InvalidConfigException(s.instance(), "instances", instances, "names no instance (* for all)");
        }
        return new AlertRules.CounterRule(s.instance(), Set.copyOf(s.has("kinds") ? s.list("kinds") : java.util.List.of("driver")),
                Matchers.parse(Map.of("instance", instances)), s.string("counter", "frames"), s.number("seconds", 60, 0.001),
                when.equals("stalled"), severity);
    }
}
