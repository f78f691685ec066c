package org.daqhub.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tabular payload: equally long, named, typed columns. Build one with {@link #builder()}. */
public final class Table {
    private final List<Column> columns;
    private final Map<String, Column> byName;
    private final int rows;

    private Table(List<Column> columns, int rows) {
        this.columns = Collections.unmodifiableList(columns);
        this.rows = rows;
        Map<String, Column> m = new LinkedHashMap<>();
        for (Column c : columns) {
            m.put(c.name(), c);
        }
        this.byName = m;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Column> columns() {
        return columns;
    }

    /** The named column, or null. */
    public Column column(String name) {
        return byName.get(name);
    }

    public int rowCount() {
        return rows;
    }

    /** Payload size in bytes (see {@link Column#byteSize()}). */
    public long byteSize() {
        long n = 0;
        for (Column c : columns) {
            n += c.byteSize();
        }
        return n;
    }

    /** Builds a table column by column; every column must have the same length. Arrays are not copied. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();
        private int rows = -1;

        public Builder addInt32(String name, int[] values) {
            return add(name, ColumnType.INT32, values, values.length);
        }

        public Builder addInt64(String name, long[] values) {
            return add(name, ColumnType.INT64, values, values.length);
        }

        public Builder addFloat32(String name, float[] values) {
            return add(name, ColumnType.FLOAT32, values, values.length);
        }

        public Builder addFloat64(String name, double[] values) {
            return add(name, ColumnType.FLOAT64, values, values.length);
        }

        public Builder addString(String name, String[] values) {
            return add(name, ColumnType.STRING, values, values.length);
        }

        /** Adds a column whose array matches {@code type} (used by decoders). */
        public Builder add(String name, ColumnType type, Object values, int length) {
            if (name == null || name.isEmpty()) {
                throw new FrameFormatException("column " + columns.size() + ": name is empty");
            }
            for (Column c : columns) {
                if (c.name().equals(name)) {
                    throw new FrameFormatException("column " + name + ": duplicate name");
                }
            }
            if (rows >= 0 && length != rows) {
                throw new FrameFormatException("column " + name + ": has " + length + " rows, expected " + rows);
            }
            rows = length;
            columns.add(new Column(name, type, values, length));
            return this;
        }

        public Table build() {
            return new Table(new ArrayList<>(columns), Math.max(rows, 0));
        }
    }
}
