package org.daqhub.core.health;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:health: every check, its status and why; the overall status last. */
@Service
@Command(scope = "daqhub", name = "health", description = "Health checks: per instance, the database and the broker; the worst overall")
public class HealthCommand implements Action {
    @Reference
    private HealthChecks checks;

    @Option(name = "-t", aliases = "--tags", description = "Only checks with one of these tags (comma-separated: store, driver, database, an instance name, ...)")
    private String tags;

    @Override
    public Object execute() {
        HealthReport r = checks.check(HealthResource.tags(tags));
        ShellTable t = new ShellTable();
        t.column("Check");
        t.column("Status");
        t.column("Why");
        for (HealthReport.Check c : r.checks()) {
            t.addRow().addContent(c.name(), c.status(), String.join("; ", c.reasons()));
        }
        t.print(System.out);
        System.out.println("overall: " + r.status());
        return null;
    }
}
