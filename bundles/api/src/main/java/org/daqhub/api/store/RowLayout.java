package org.daqhub.api.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Column;
import org.daqhub.api.Frame;

/**
 * How the table stores (PostgreSQL, MariaDB, ...) lay a frame out as rows: the header columns
 * {@code seq, timestamp_ns, run_number, source}, then one column per table column, or
 * {@code content_type, payload} for a raw frame. Column and table names are made SQL-safe by
 * {@link #identifier(String)}, so every SQL store names things the same way.
 */
public final class RowLayout {
    /** Logical column kinds; each store maps them to its SQL types. */
    public enum Kind { INT32, INT64, FLOAT32, FLOAT64, STRING, BYTES }

    private static final Map<String, Kind> HEADER = new LinkedHashMap<>();

    static {
        HEADER.put("seq", Kind.INT64);
        HEADER.put("timestamp_ns", Kind.INT64);
        HEADER.put("run_number", Kind.INT64);
        HEADER.put("source", Kind.STRING);
    }

    private RowLayout() {
    }

    /** Number of header columns every row starts with. */
    public static int headerColumns() {
        return HEADER.size();
    }

    /** Column name → kind for this frame, header columns first. */
    public static Map<String, Kind> columns(Frame f) {
        Map<String, Kind> cols = new LinkedHashMap<>(HEADER);
        if (f.isTable()) {
            for (Column c : f.table().columns()) {
                String name = identifier(c.name());
                if (HEADER.containsKey(name)) {
                    name = "col_" + name; // a table column must not shadow a header column
                }
                cols.put(name, Kind.valueOf(c.type().name()));
            }
        } else {
            cols.put("content_type", Kind.STRING);
            cols.put("payload", Kind.BYTES);
        }
        return cols;
    }

    /** Lower-case name of a-z, 0-9 and _ (anything else becomes _), not starting with a digit, at most 63 long. */
    public static String identifier(String s) {
        String id = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
            id = "t_" + id;
        }
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    /**
     * Consecutive frames that go to the same table with the same columns: each run can be written with one
     * statement (COPY, batched insert). Order is kept.
     */
    public record Run(String table, Map<String, Kind> columns, List<Frame> frames) {
    }

    /** Splits a batch into {@link Run}s, computing each frame's table and columns once. */
    public static List<Run> runs(String tablePattern, List<Frame> batch) {
        List<Run> out = new ArrayList<>();
        int start = 0;
        String table = null;
        Map<String, Kind> cols = null;
        for (int i = 0; i < batch.size(); i++) {
            Frame f = batch.get(i);
            String t = table(tablePattern, f);
            Map<String, Kind> c = columns(f);
            if (table != null && (!t.equals(table) || !c.equals(cols))) {
                out.add(new Run(table, cols, batch.subList(start, i)));
                start = i;
            }
            table = t;
            cols = c;
        }
        if (table != null) {
            out.add(new Run(table, cols, batch.subList(start, batch.size())));
        }
        return out;
    }

    /** Identity of a frame's rows in a table: source and sequence number. Superseded by {@link CommitWatermarks}. */
    @Deprecated
    public static String key(String source, long seq) {
        return source + '\u0000' + seq;
    }

    /**
     * The run without the frames whose {@link #key} is in {@code written} (already stored by an earlier attempt).
     * Superseded by {@link CommitWatermarks}, which needs no index over the rows.
     */
    @Deprecated
    public static Run without(Run run, java.util.Set<String> written) {
        if (written.isEmpty()) {
            return run;
        }
        List<Frame> rest = new ArrayList<>();
        for (Frame f : run.frames()) {
            if (!written.contains(key(f.source(), f.sequence()))) {
                rest.add(f);
            }
        }
        return new Run(run.table(), run.columns(), rest);
    }

    /** The table for a frame: {@code {topic}} in the pattern replaced by the topic, made an identifier. */
    public static String table(String pattern, Frame f) {
        return identifier(pattern.replace("{topic}", f.topic()));
    }
}
