package org.daqhub.core.shell;

import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.daqhub.api.runtime.InstanceStatus;
import org.osgi.framework.BundleContext;

@Command(scope = "daqhub", name = "status", description = "Shows every driver, store and bus endpoint: state, rates, restarts, drops, spool")
@Service
public class StatusCommand implements Action {
    @Reference
    BundleContext bundleContext;

    @Option(name = "-l", aliases = "--long", description = "Also show totals, latency percentiles and the last error in full")
    boolean verbose;

    @Override
    public Object execute() {
        List<InstanceStatus> all = RuntimeStatuses.instances(bundleContext);
        if (all.isEmpty()) {
            System.out.println("No daqhub instances. Drop a cfg into etc/ (see README), e.g. etc/org.daqhub.driver.simulator-demo.cfg");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Instance");
        table.column("State");
        table.column("Frames/s").alignRight();
        table.column("MB/s").alignRight();
        table.column("Frames").alignRight();
        table.column("Restarts").alignRight();
        table.column("Drops").alignRight();
        table.column("Queue").alignRight();
        table.column("Spool").alignRight();
        if (verbose) {
            table.column("MB").alignRight();
            table.column("p50 ms").alignRight();
            table.column("p95 ms").alignRight();
            table.column("p99 ms").alignRight();
            table.column("Type");
        }
        boolean others = all.stream().anyMatch(s -> !s.counters().isEmpty());
        if (others) {
            table.column("Counters");
        }
        table.column("Last error").maxSize(verbose ? -1 : 60);
        for (InstanceStatus s : all) {
            var row = table.addRow();
            row.addContent(s.kind(), s.instance(), s.state(), fmt(s.framesPerSecond()), fmt(s.bytesPerSecond() / 1e6),
                    s.frames(), s.restarts(), s.dropped(), s.queueDepth(), s.spooled());
            if (verbose) {
                row.addContent(fmt(s.bytes() / 1e6), fmt(s.p50Millis()), fmt(s.p95Millis()), fmt(s.p99Millis()), s.type());
            }
            if (others) {
                StringBuilder c = new StringBuilder();
                new java.util.TreeMap<>(s.counters()).forEach((k, v) -> c.append(c.length() == 0 ? "" : " ").append(k).append('=').append(v));
                row.addContent(c.toString());
            }
            row.addContent(s.lastError());
        }
        table.print(System.out);
        return null;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.2f", d);
    }
}
