package org.daqhub.core.notify;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:alerts: the platform alerts firing now. */
@Service
@Command(scope = "daqhub", name = "alerts", description = "Platform alerts firing now (stalled, restarts, spooling, drops, rules)")
public class AlertsCommand implements Action {
    @Reference
    private PlatformAlerts alerts;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        for (String c : java.util.List.of("Alert", "Kind", "Instance", "Severity", "Since", "What")) {
            t.column(c);
        }
        for (AlertRules.Active a : alerts.active()) {
            t.addRow().addContent(a.rule(), a.kind(), a.instance(), a.severity(), a.since(), a.subject());
        }
        t.print(System.out);
        return null;
    }
}
