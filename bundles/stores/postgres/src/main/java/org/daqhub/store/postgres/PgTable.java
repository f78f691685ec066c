package org.daqhub.store.postgres;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;

/** Maps frames to a table: the header columns, then one column per table column (or the raw payload). */
final class PgTable {
    /** Columns every table starts with, from the frame header. */
    static final Map<String, String> HEADER = new LinkedHashMap<>();

    static {
        HEADER.put("seq", "bigint");
        HEADER.put("timestamp_ns", "bigint");
        HEADER.put("run_number", "bigint");
        HEADER.put("source", "text");
    }

    private PgTable() {
    }

    /** Lower-case identifier made of a-z, 0-9 and _, not starting with a digit. */
    static String identifier(String s) {
        String id = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
            id = "t_" + id;
        }
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    static String quote(String id) {
        return '"' + id.replace("\"", "\"\"") + '"';
    }

    static String sqlType(ColumnType t) {
        switch (t) {
            case INT32: return "integer";
            case INT64: return "bigint";
            case FLOAT32: return "real";
            case FLOAT64: return "double precision";
            default: return "text";
        }
    }

    /** Column name → SQL type for this frame, header columns first. */
    static Map<String, String> columns(Frame f) {
        Map<String, String> cols = new LinkedHashMap<>(HEADER);
        if (f.isTable()) {
            for (Column c : f.table().columns()) {
                String name = identifier(c.name());
                if (HEADER.containsKey(name)) {
                    name = "col_" + name; // a table column must not shadow a header column
                }
                cols.put(name, sqlType(c.type()));
            }
        } else {
            cols.put("content_type", "text");
            cols.put("payload", "bytea");
        }
        return cols;
    }
}
