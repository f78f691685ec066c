package org.daqhub.core.notify;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:silences: the silences in force or to come. */
@Service
@Command(scope = "daqhub", name = "silences", description = "Silences in force or to come (-a: the expired too)")
public class SilenceListCommand implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Option(name = "-a", aliases = "--all", description = "Also the expired ones")
    private boolean all;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        for (String c : List.of("Id", "Matchers", "Starts", "Ends", "By", "Comment", "Active")) {
            t.column(c);
        }
        for (Silences.Silence s : outbox.silences().list(all)) {
            t.addRow().addContent(s.id(), new Matchers(s.matchers()).toString(), s.startsAt(), s.endsAt(), s.createdBy(),
                    s.comment(), s.activeAt(Instant.now()));
        }
        t.print(System.out);
        return null;
    }
}
