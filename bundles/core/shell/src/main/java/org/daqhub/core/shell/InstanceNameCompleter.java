package org.daqhub.core.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.daqhub.api.runtime.InstanceStatus;
import org.osgi.framework.BundleContext;

/** Completes the names of running driver and store instances. */
@Service
public class InstanceNameCompleter implements Completer {
    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (InstanceStatus s : RuntimeStatuses.instances(bundleContext)) {
            if (!"bus".equals(s.kind())) {
                names.getStrings().add(s.instance());
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}
