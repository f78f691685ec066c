package org.daqhub.api;

/** Value type of a {@link Column}. The code is what the wire format carries (docs/wire-format.md). */
public enum ColumnType {
    INT32(1, 4), INT64(2, 8), FLOAT32(3, 4), FLOAT64(4, 8), STRING(5, -1);

    private final int code;
    private final int width;

    ColumnType(int code, int width) {
        this.code = code;
        this.width = width;
    }

    /** Type code on the wire. */
    public int code() {
        return code;
    }

    /** Bytes per value, or -1 for variable-width types. */
    public int width() {
        return width;
    }

    /** The type for a wire code; {@link FrameFormatException} for an unknown one. */
    public static ColumnType ofCode(int code) {
        for (ColumnType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new FrameFormatException("column type: unknown code " + code);
    }
}
