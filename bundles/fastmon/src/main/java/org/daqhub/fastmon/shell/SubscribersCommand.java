package org.daqhub.fastmon.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.daqhub.fastmon.FastMonitor;
import org.daqhub.fastmon.model.Subscriber;

@Command(scope = "daqhub", name = "subscribers", description = "Lists fast-monitoring subscribers: fraction, topic, messages sent and dropped")
@Service
public class SubscribersCommand implements Action {
    @Reference
    FastMonitor fastmon;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Fraction").alignRight();
        table.column("Active");
        table.column("Delivery");
        table.column("Topic");
        table.column("Sent").alignRight();
        table.column("Dropped").alignRight();
        table.column("Description").maxSize(40);
        for (Subscriber s : fastmon.bookkeeping().subscribers()) {
            table.addRow().addContent(s.getName(), s.getFraction(), s.isActive() ? "yes" : "no", s.getDeliveryType(),
                    s.getDestination(), s.getSent(), s.getDropped(), s.getDescription());
        }
        table.print(System.out);
        return null;
    }
}
