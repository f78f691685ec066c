package org.daqhub.driver.modbus;

import java.util.List;

import org.daqhub.api.ColumnType;
import org.daqhub.api.Table;

import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

/**
 * Decodes the answers of one poll into a row and collects {@code rows} rows into a table. Column types follow
 * the register type: bool, int16, uint16, int32 → int32; uint32 → int64; float32 → float32; a value with a
 * scale or offset → float64 (raw × scale + offset).
 */
final class RegisterRows {
    private final List<RegisterSpec> specs;
    private final int rows;
    private final boolean bigEndianWords;
    private Object[] columns;
    private long[] times;
    private int row;

    RegisterRows(List<RegisterSpec> specs, int rows, boolean bigEndianWords) {
        this.specs = specs;
        this.rows = rows;
        this.bigEndianWords = bigEndianWords;
        allocate();
    }

    private void allocate() {
        columns = new Object[specs.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = switch (type(specs.get(i))) {
                case INT32 -> new int[rows];
                case INT64 -> new long[rows];
                case FLOAT32 -> new float[rows];
                default -> new double[rows];
            };
        }
        times = new long[rows];
        row = 0;
    }

    static ColumnType type(RegisterSpec s) {
        if (s.scaled()) {
            return ColumnType.FLOAT64;
        }
        return switch (s.type()) {
            case UINT32 -> ColumnType.INT64;
            case FLOAT32 -> ColumnType.FLOAT32;
            default -> ColumnType.INT32;
        };
    }

    /** Decodes the registers of {@code r} into the current row. */
    void registers(ReadPlan.Request r, InputRegister[] regs) {
        if (regs.length < r.count()) {
            throw new IllegalStateException("the device answered " + regs.length + " registers to a read of " + r);
        }
        for (int i = 0; i < columns.length; i++) {
            RegisterSpec s = specs.get(i);
            int at = s.address() - r.start();
            if (s.area() != r.area() || at < 0 || at + s.type().width > r.count()) {
                continue;
            }
            int w0 = regs[at].toUnsignedShort();
            int w1 = s.type().width == 2 ? regs[at + 1].toUnsignedShort() : 0;
            int bits32 = bigEndianWords ? (w0 << 16) | w1 : (w1 << 16) | w0;
            double raw;
            switch (s.type()) {
                case INT16 -> raw = (short) w0;
                case UINT16 -> raw = w0;
                case INT32 -> raw = bits32;
                case UINT32 -> raw = bits32 & 0xFFFFFFFFL;
                default -> raw = Float.intBitsToFloat(bits32);
            }
            Object col = columns[i];
            if (s.scaled()) {
                ((double[]) col)[row] = raw * s.scale() + s.offset();
            } else if (col instanceof int[] ints) {
                ints[row] = s.type() == RegisterSpec.Type.INT32 ? bits32 : (int) raw;
            } else if (col instanceof long[] longs) {
                longs[row] = bits32 & 0xFFFFFFFFL;
            } else {
                ((float[]) col)[row] = Float.intBitsToFloat(bits32);
            }
        }
    }

    /** Decodes the coils or discrete inputs of {@code r} into the current row (1 = on). */
    void bits(ReadPlan.Request r, BitVector bits) {
        for (int i = 0; i < columns.length; i++) {
            RegisterSpec s = specs.get(i);
            int at = s.address() - r.start();
            if (s.area() == r.area() && at >= 0 && at < r.count()) {
                ((int[]) columns[i])[row] = bits.getBit(at) ? 1 : 0;
            }
        }
    }

    /** Ends the row read at {@code epochNanos}; returns the table once it holds {@code rows} rows, else null. */
    Table endRow(long epochNanos) {
        times[row++] = epochNanos;
        if (row < rows) {
            return null;
        }
        Table.Builder b = Table.builder().addInt64("time_ns", times);
        for (int i = 0; i < columns.length; i++) {
            Object col = columns[i];
            b.add(specs.get(i).name(), type(specs.get(i)), col, rows);
        }
        Table t = b.build();
        allocate(); // the published table keeps its arrays
        return t;
    }
}
