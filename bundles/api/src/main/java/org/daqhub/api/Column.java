package org.daqhub.api;

import java.util.Objects;

/**
 * One named, typed column of a {@link Table}. Values are held in a primitive array
 * ({@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}) or a {@code String[]};
 * the array is shared, not copied, so a column is only valid while nobody mutates it.
 */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final Object values;
    private final int length;

    Column(String name, ColumnType type, Object values, int length) {
        this.name = Objects.requireNonNull(name, "column name");
        this.type = type;
        this.values = values;
        this.length = length;
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    /** Number of values. */
    public int length() {
        return length;
    }

    /** The backing array; cast according to {@link #type()}. */
    public Object array() {
        return values;
    }

    /** Value as long; works for INT32 and INT64. */
    public long getLong(int row) {
        switch (type) {
            case INT32: return ((int[]) values)[row];
            case INT64: return ((long[]) values)[row];
            default: throw new IllegalStateException("column " + name + " is " + type + ", not an integer");
        }
    }

    /** Value as double; works for every numeric type. */
    public double getDouble(int row) {
        switch (type) {
            case INT32: return ((int[]) values)[row];
            case INT64: return ((long[]) values)[row];
            case FLOAT32: return ((float[]) values)[row];
            case FLOAT64: return ((double[]) values)[row];
            default: throw new IllegalStateException("column " + name + " is " + type + ", not numeric");
        }
    }

    /** Value of a STRING column. */
    public String getString(int row) {
        if (type != ColumnType.STRING) {
            throw new IllegalStateException("column " + name + " is " + type + ", not STRING");
        }
        return ((String[]) values)[row];
    }

    /** Appends the value in its canonical text form (what CSV writes). */
    public void appendText(StringBuilder out, int row) {
        switch (type) {
            case INT32: out.append(((int[]) values)[row]); break;
            case INT64: out.append(((long[]) values)[row]); break;
            case FLOAT32: out.append(((float[]) values)[row]); break;
            case FLOAT64: out.append(((double[]) values)[row]); break;
            default: out.append(((String[]) values)[row]); break;
        }
    }

    /** Payload bytes this column occupies on the wire (strings counted as UTF-16 length, an estimate). */
    public long byteSize() {
        if (type.width() > 0) {
            return (long) type.width() * length;
        }
        long n = 4L * (length + 1);
        for (String s : (String[]) values) {
            n += s == null ? 0 : s.length();
        }
        return n;
    }
}
