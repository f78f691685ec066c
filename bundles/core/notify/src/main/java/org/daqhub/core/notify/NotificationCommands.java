package org.daqhub.core.notify;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:notifications: the outbox per channel (pending, sent, failed, silenced). */
@Service
@Command(scope = "daqhub", name = "notifications", description = "Notifications per channel: pending, sent, failed, silenced")
public class NotificationCommands implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Channel");
        t.column("Pending");
        t.column("Sent");
        t.column("Failed");
        t.column("Silenced");
        for (Map.Entry<String, Map<String, Long>> e : outbox.counts().entrySet()) {
            Map<String, Long> c = e.getValue();
            t.addRow().addContent(e.getKey(), c.getOrDefault("pending", 0L), c.getOrDefault("sent", 0L),
                    c.getOrDefault("failed", 0L), c.getOrDefault("silenced", 0L));
        }
        t.print(System.out);
        return null;
    }
}
