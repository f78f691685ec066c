package org.daqhub.api.driver;

import org.daqhub.api.config.SupervisedConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The keys the platform's driver runner reads from every driver's cfg. A driver declares its own keys in an
 * {@code @ObjectClassDefinition} interface that extends this one, so its metatype declares these too.
 */
public interface DriverRunnerConfig extends SupervisedConfig {
    @AttributeDefinition(required = false, description = "When this driver is run again: on-failure, always, never (default: the supervisor's)",
            options = { @Option(label = "on-failure", value = "on-failure"), @Option(label = "always", value = "always"),
                @Option(label = "never", value = "never") })
    String restart();
}
