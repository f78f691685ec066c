package org.daqhub.core.notify;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** daqhub:silence-expire: end a silence now. */
@Service
@Command(scope = "daqhub", name = "silence-expire", description = "End a silence now")
public class SilenceExpireCommand implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Argument(index = 0, name = "id", required = true, description = "The silence's id (daqhub:silences)")
    private long id;

    @Override
    public Object execute() {
        System.out.println(outbox.silences().expire(id) ? "silence " + id + " expired" : "no silence " + id + " in force");
        return null;
    }
}
