package org.daqhub.core.notify;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** daqhub:notification-test CHANNEL: one test notification through a channel, to check its settings end to end. */
@Service
@Command(scope = "daqhub", name = "notification-test", description = "Send a test notification through one channel")
public class NotificationTestCommand implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Argument(index = 0, name = "channel", required = true, description = "The channel's name (the part after ~ in its PID)")
    private String channel;

    @Option(name = "-s", aliases = "--severity", description = "info, warning or critical")
    private String severity = "info";

    @Override
    public Object execute() {
        String key = outbox.sendTest(channel, severity);
        System.out.println("queued " + key + " for " + channel + "; daqhub:notifications shows when it is sent");
        return null;
    }
}
