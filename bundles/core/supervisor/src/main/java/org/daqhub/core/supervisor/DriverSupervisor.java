package org.daqhub.core.supervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;


import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.config.Settings;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard for {@link Driver} services: every driver instance that appears is run by a
 * {@link DriverRunner}, and stopped when its service goes away (cfg deleted, feature uninstalled). A new
 * driver waits for the stores configured for its topics; when the platform shuts down, drivers stop before
 * any store, so every frame they published is written (this supervisor depends on the store supervisor, and
 * listens for the framework's own STOPPING, which comes before any bundle stops).
 */
@Component(service = RuntimeStatus.class, configurationPid = "org.daqhub.supervisor", immediate = true,
        property = "daqhub.kind=driver")
@Designate(ocd = SupervisorConfig.class)
public class DriverSupervisor extends InstanceSupervisor<Driver, DriverRunner> {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSupervisor.class);

    @Reference
    private FrameBus bus;

    @Reference
    private StoreSupervisor stores;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    private Path sequenceDir;
    /** restart in org.daqhub.supervisor.cfg; an instance's own cfg may override it. */
    private RestartPolicy defaultRestart = RestartPolicy.ON_FAILURE;
    private BundleContext context;
    /** Made in start() only: outside OSGi (tests, benchmarks) the framework classes may be missing. */
    private SynchronousBundleListener shutdown;

    public DriverSupervisor() {
        super("driver", LOG);
    }

    /** For use without a container (tests, benchmarks); drivers start without waiting for stores. */
    public DriverSupervisor(FrameBus bus) {
        this(bus, null);
    }

    /** For use without a container: drivers wait for the stores {@code stores} has configured. */
    public DriverSupervisor(FrameBus bus, StoreSupervisor stores) {
        this();
        this.bus = bus;
        this.stores = stores;
    }

    /** Not named activate: DS would pick the one-argument activate(Map) of the tests instead. */
    @Activate
    void start(BundleContext context, Map<String, Object> props) {
        this.context = context;
        shutdown = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                stopRunners("the platform is stopping");
            }
        };
        context.addBundleListener(shutdown);
        activate(props);
    }

    /** For use without a container (tests, benchmarks). */
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        sequenceDir = sequenceDir(s);
        defaultRestart = s.parsed("restart", RestartPolicy.ON_FAILURE, RestartPolicy::parse);
        startAll(s);
    }

    @Deactivate
    public void deactivate() {
        if (context != null) {
            try {
                context.removeBundleListener(shutdown);
            } catch (IllegalStateException e) {
                // the bundle context is already gone
            }
        }
        stopAll();
    }

    /** For use without a container (tests, benchmarks): no metatype, so keys are not checked. */
    public void addDriver(Driver driver, Map<String, Object> props) {
        add(driver, props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDriver")
    void bindDriver(Driver driver, ServiceReference<Driver> ref, Map<String, Object> props) {
        add(driver, props, MetatypeKeys.declared(metatype, ref, props));
    }

    void unbindDriver(Driver driver) {
        remove(driver);
    }

    public void removeDriver(Driver driver, Map<String, Object> props) {
        remove(driver);
    }

    @Override
    DriverRunner create(Driver driver, Settings settings, String instance, String type) {
        SupervisionSettings s = SupervisionSettings.read(settings, defaults);
        RestartPolicy policy = settings.parsed("restart", defaultRestart, RestartPolicy::parse);
        for (DriverRunner other : running()) {
            if (other.instance.equals(instance)) {
                LOG.warn("daqhub: two drivers are named '{}' ({} and {}): their topics data.{}.* collide", instance,
                        other.type, type, instance);
            }
        }
        StoreSupervisor st = stores;
        return new DriverRunner(instance, type, driver, bus, s, SequenceFile.in(sequenceDir, "driver-" + instance), policy,
                st == null ? List::of : () -> st.notSubscribedFor(instance));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metatype;

    @Override
    java.util.Set<String> platformKeys() {
        return ConfigKeys.DRIVER_RUNNER;
    }

    @Override
    List<InstanceProblem> failedComponents() {
        ServiceComponentRuntime r = scr;
        return r == null ? List.of() : FailedComponents.of(r, "driver", Driver.class.getName());
    }

}
