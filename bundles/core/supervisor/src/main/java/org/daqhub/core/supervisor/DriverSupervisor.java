package org.daqhub.core.supervisor;

import java.util.Map;

import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.config.Settings;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard for {@link Driver} services: every driver instance that appears is run by a
 * {@link DriverRunner}, and stopped when its service goes away (cfg deleted, feature uninstalled).
 */
@Component(service = RuntimeStatus.class, configurationPid = "org.daqhub.supervisor", immediate = true,
        property = "daqhub.kind=driver")
@Designate(ocd = SupervisorConfig.class)
public class DriverSupervisor extends InstanceSupervisor<Driver, DriverRunner> {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSupervisor.class);

    @Reference
    private FrameBus bus;

    public DriverSupervisor() {
        super("driver", LOG);
    }

    /** For use without a container (tests, benchmarks). */
    public DriverSupervisor(FrameBus bus) {
        this();
        this.bus = bus;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        startAll(Settings.of(props));
    }

    @Deactivate
    public void deactivate() {
        stopAll();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addDriver(Driver driver, Map<String, Object> props) {
        add(driver, props);
    }

    public void removeDriver(Driver driver, Map<String, Object> props) {
        remove(driver);
    }

    @Override
    DriverRunner create(Driver driver, Settings settings, String instance, String type) {
        SupervisionSettings s = SupervisionSettings.read(settings, defaults);
        for (DriverRunner other : running()) {
            if (other.instance.equals(instance)) {
                LOG.warn("daqhub: two drivers are named '{}' ({} and {}): their topics data.{}.* collide", instance,
                        other.type, type, instance);
            }
        }
        return new DriverRunner(instance, type, driver, bus, s);
    }
}
