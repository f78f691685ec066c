package org.daqhub.core.notify;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** daqhub:notify-routes: the route tree with what each route inherits. */
@Service
@Command(scope = "daqhub", name = "notify-routes", description = "The notification routes as a tree, with what each inherits")
public class RoutesCommand implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Override
    public Object execute() {
        outbox.routes().describe().forEach(System.out::println);
        return null;
    }
}
