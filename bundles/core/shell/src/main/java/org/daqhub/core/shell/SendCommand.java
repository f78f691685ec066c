package org.daqhub.core.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;

@Command(scope = "daqhub", name = "send", description = "Sends a command to a driver that takes commands, e.g. daqhub:send demo rate=20")
@Service
public class SendCommand implements Action {
    @Reference
    BundleContext bundleContext;

    @Argument(index = 0, name = "instance", description = "Instance name, as daqhub:status lists it", required = true)
    @Completion(InstanceNameCompleter.class)
    String instance;

    @Option(name = "-k", aliases = "--kind", description = "driver or store, when both have this name (as the demo's do)")
    String kind;

    @Argument(index = 1, name = "key=value", description = "The command's keys and values", required = true, multiValued = true)
    List<String> pairs;

    @Override
    public Object execute() {
        Map<String, String> command = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                System.err.println("'" + p + "' is not key=value");
                return null;
            }
            command.put(p.substring(0, eq), p.substring(eq + 1));
        }
        int delivered = 0;
        for (RuntimeStatus s : RuntimeStatuses.all(bundleContext)) {
            if (kind != null && s.instances().stream().noneMatch(i -> i.instance().equals(instance) && i.kind().equals(kind))) {
                continue;
            }
            try {
                for (String answer : s.send(instance, command)) {
                    System.out.println(instance + ": " + answer);
                    delivered++;
                }
            } catch (IllegalArgumentException e) {
                System.err.println(instance + " refused the command: " + e.getMessage());
                return null;
            }
        }
        if (delivered == 0) {
            System.err.println("No instance named '" + instance + "' takes commands. daqhub:status lists the instances.");
        } else {
            System.out.println("Delivered to " + delivered + " instance(s)");
        }
        return null;
    }
}
