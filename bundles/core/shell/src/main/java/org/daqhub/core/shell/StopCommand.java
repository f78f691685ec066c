package org.daqhub.core.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;

@Command(scope = "daqhub", name = "stop", description = "Stops a driver or store instance, keeping its configuration (daqhub:start starts it again)")
@Service
public class StopCommand implements Action {
    @Reference
    BundleContext bundleContext;

    @Argument(index = 0, name = "instance", description = "Instance name, as daqhub:status lists it", required = true)
    @Completion(InstanceNameCompleter.class)
    String instance;

    @Option(name = "-k", aliases = "--kind", description = "driver or store, when both have this name (as the demo's do)")
    String kind;

    @Override
    public Object execute() {
        boolean found = false;
        for (RuntimeStatus s : RuntimeStatuses.all(bundleContext)) {
            if (kind == null || s.instances().stream().anyMatch(i -> i.instance().equals(instance) && i.kind().equals(kind))) {
                found |= s.stop(instance);
            }
        }
        if (!found) {
            System.err.println("No running instance named '" + instance + "' that can be stopped. daqhub:status lists them.");
        } else {
            System.out.println("Stopped " + instance);
        }
        return null;
    }
}
