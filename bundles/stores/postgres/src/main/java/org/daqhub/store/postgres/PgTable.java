package org.daqhub.store.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.store.RowLayout;

/** PostgreSQL types and quoting for {@link RowLayout}. */
final class PgTable {
    private PgTable() {
    }

    static String quote(String id) {
        return '"' + id.replace("\"", "\"\"") + '"';
    }

    static String sqlType(RowLayout.Kind k) {
        switch (k) {
            case INT32: return "integer";
            case INT64: return "bigint";
            case FLOAT32: return "real";
            case FLOAT64: return "double precision";
            case BYTES: return "bytea";
            default: return "text";
        }
    }

    /** Column name → SQL type for this frame, header columns first. */
    static Map<String, String> columns(Frame f) {
        Map<String, String> out = new LinkedHashMap<>();
        RowLayout.columns(f).forEach((name, kind) -> out.put(name, sqlType(kind)));
        return out;
    }
}
