package org.daqhub.store.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Column name → SQL type, in layout order. */
    static Map<String, String> sqlColumns(Map<String, RowLayout.Kind> layout) {
        Map<String, String> out = new LinkedHashMap<>();
        layout.forEach((name, kind) -> out.put(name, sqlType(kind)));
        return out;
    }
}
