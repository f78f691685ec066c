package org.daqhub.fastmon.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.daqhub.fastmon.FastMonitor;
import org.daqhub.fastmon.model.Run;

@Command(scope = "daqhub", name = "runs", description = "Lists runs with their STF and TF counts (newest first)")
@Service
public class RunsCommand implements Action {
    @Reference
    FastMonitor fastmon;

    @Option(name = "-n", aliases = "--limit", description = "How many runs (default 20)")
    int limit = 20;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Run").alignRight();
        table.column("Start");
        table.column("End");
        table.column("STF files").alignRight();
        table.column("TF files").alignRight();
        table.column("Conditions").maxSize(50);
        for (Run r : fastmon.bookkeeping().runs(limit)) {
            long[] counts = fastmon.bookkeeping().counts(r.getRunNumber());
            table.addRow().addContent(r.getRunNumber(), r.getStartTime().toInstant(),
                    r.getEndTime() == null ? "running" : r.getEndTime().toInstant(), counts[0], counts[1],
                    r.getConditions());
        }
        table.print(System.out);
        return null;
    }
}
