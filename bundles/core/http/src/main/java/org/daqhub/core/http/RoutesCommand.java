package org.daqhub.core.http;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/** daqhub:routes — every HTTP route the JAX-RS whiteboard serves, and what it refused with the reason. */
@Service
@Command(scope = "daqhub", name = "routes", description = "HTTP routes served (and resources refused, with why)")
public class RoutesCommand implements Action {
    @Reference
    private JaxrsServiceRuntime runtime;

    @Override
    public Object execute() {
        RuntimeDTO dto = runtime.getRuntimeDTO();
        ShellTable t = new ShellTable();
        t.column("Method");
        t.column("Path");
        t.column("Resource");
        for (LiveResources.Route r : LiveResources.routes(dto)) {
            t.addRow().addContent(r.method(), r.path(), r.resource());
        }
        t.print(System.out);
        var refused = LiveResources.refused(dto);
        if (!refused.isEmpty()) {
            System.out.println();
            ShellTable f = new ShellTable();
            f.column("Refused");
            f.column("Name");
            f.column("Service");
            f.column("Reason");
            for (LiveResources.Refused r : refused) {
                f.addRow().addContent(r.kind(), r.name(), r.serviceId(), r.reason());
            }
            f.print(System.out);
        }
        return null;
    }
}
