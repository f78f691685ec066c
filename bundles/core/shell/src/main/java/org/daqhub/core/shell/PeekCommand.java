package org.daqhub.core.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.daqhub.api.Column;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.store.RecentFrames;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

@Command(scope = "daqhub", name = "peek", description = "Shows the newest frames of a topic that a memory store holds (feature daqhub-store-memory); without a topic, the topics held")
@Service
public class PeekCommand implements Action {
    @Reference
    BundleContext bundleContext;

    @Argument(index = 0, name = "topic", description = "Bus topic, e.g. data.demo.adc", required = false)
    String topic;

    @Option(name = "-n", aliases = "--frames", description = "How many of the newest frames (default 3)")
    int frames = 3;

    @Option(name = "-r", aliases = "--rows", description = "Rows shown per table frame (default 5)")
    int rows = 5;

    @Override
    public Object execute() {
        List<ServiceReference<RecentFrames>> refs;
        try {
            refs = new ArrayList<>(bundleContext.getServiceReferences(RecentFrames.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<RecentFrames> stores = new ArrayList<>();
        try {
            for (ServiceReference<RecentFrames> ref : refs) {
                RecentFrames s = bundleContext.getService(ref);
                if (s != null) {
                    stores.add(s);
                }
            }
            peek(stores);
        } finally {
            refs.forEach(bundleContext::ungetService); // only once the frames are printed
        }
        return null;
    }

    private void peek(List<RecentFrames> stores) {
        if (stores.isEmpty()) {
            System.err.println("No memory store is running: feature:install daqhub-store-memory, then etc/org.daqhub.store.memory-<name>.cfg with topics = ...");
            return;
        }
        SortedSet<String> held = new TreeSet<>();
        stores.forEach(s -> held.addAll(s.topics()));
        if (topic == null) {
            System.out.println(held.isEmpty() ? "The memory store(s) hold no frames yet" : String.join("\n", held));
            return;
        }
        if (frames < 1 || rows < 0) {
            System.err.println("-n must be at least 1 and -r at least 0");
            return;
        }
        List<Frame> newest = List.of();
        for (RecentFrames s : stores) {
            newest = s.newest(topic, frames);
            if (!newest.isEmpty()) {
                break;
            }
        }
        if (newest.isEmpty()) {
            System.err.println("No memory store holds " + topic + (held.isEmpty() ? "" : "; held: " + String.join(", ", held)));
            return;
        }
        for (Frame f : newest) {
            System.out.print(render(f, rows));
        }
    }

    /** A header line, then a table's first {@code maxRows} rows in aligned columns, or a raw frame's first bytes. */
    static String render(Frame f, int maxRows) {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(f.sequence()).append("  ").append(Instant.ofEpochSecond(0, f.timestampNanos())).append("  run ")
                .append(f.runNumber()).append("  from ").append(f.source()).append("  ");
        if (!f.isTable()) {
            byte[] raw = f.raw();
            sb.append(raw.length).append(" B ").append(f.contentType()).append('\n');
            sb.append("  ").append(HexFormat.ofDelimiter(" ").formatHex(raw, 0, Math.min(raw.length, 32)))
                    .append(raw.length > 32 ? " ..." : "").append('\n');
            return sb.toString();
        }
        Table t = f.table();
        sb.append(t.rowCount()).append(t.rowCount() == 1 ? " row\n" : " rows\n");
        int shown = Math.min(maxRows, t.rowCount());
        List<Column> cols = t.columns();
        String[][] cells = new String[shown + 1][cols.size()];
        int[] width = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            cells[0][c] = cols.get(c).name();
            for (int r = 0; r < shown; r++) {
                StringBuilder v = new StringBuilder();
                cols.get(c).appendText(v, r);
                cells[r + 1][c] = v.toString();
            }
            for (String[] row : cells) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            sb.append(' ');
            for (int c = 0; c < row.length; c++) {
                sb.append(' ').append(String.format("%-" + width[c] + "s", row[c]));
                if (c < row.length - 1) {
                    sb.append(" |");
                }
            }
            sb.append('\n');
        }
        if (t.rowCount() > shown) {
            sb.append("  ... ").append(t.rowCount() - shown).append(" more rows (-r)\n");
        }
        return sb.toString();
    }
}
