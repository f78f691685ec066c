package org.daqhub.core.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;

@Command(scope = "daqhub", name = "restart", description = "Restarts a driver instance now (for a store: retries a failing write now)")
@Service
public class RestartCommand implements Action {
    @Reference
    BundleContext bundleContext;

    @Argument(index = 0, name = "instance", description = "Instance name, as daqhub:status lists it", required = true)
    @Completion(InstanceNameCompleter.class)
    String instance;

    @Override
    public Object execute() {
        boolean found = false;
        for (RuntimeStatus s : RuntimeStatuses.all(bundleContext)) {
            found |= s.restart(instance);
        }
        if (!found) {
            System.err.println("No instance named '" + instance + "'. daqhub:status lists them.");
        } else {
            System.out.println("Restarting " + instance);
        }
        return null;
    }
}
