package org.daqhub.store.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.store.RowLayout;

/**
 * Encodes frames as PostgreSQL binary COPY data (big-endian; header, tuples, trailer), the fastest way
 * into PostgreSQL (about 2.6 times COPY CSV here, ../shared/research/perf-anchors.md). The buffer is sized
 * exactly first, then filled column-wise per row without per-field calls through a stream.
 */
final class PgCopyEncoder {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** seq, timestamp_ns, run_number: 3 x (length + int64); source: length + bytes. */
    private static final int HEADER_FIXED = 3 * (4 + 8) + 4;

    private PgCopyEncoder() {
    }

    /** COPY data for frames that all map to the same columns. */
    static byte[] encode(List<Frame> frames) {
        byte[][] sources = new byte[frames.size()][];
        byte[][][][] strings = new byte[frames.size()][][][];
        long size = SIGNATURE.length + 8 + 2;
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            sources[i] = f.source().getBytes(StandardCharsets.UTF_8);
            int tuple = 2 + HEADER_FIXED + sources[i].length;
            if (!f.isTable()) {
                size += tuple + 4 + f.contentType().getBytes(StandardCharsets.UTF_8).length + 4 + f.raw().length;
                continue;
            }
            Table t = f.table();
            List<Column> cols = t.columns();
            long rowSize = tuple;
            strings[i] = new byte[cols.size()][][];
            long stringBytes = 0;
            for (int c = 0; c < cols.size(); c++) {
                Column col = cols.get(c);
                if (col.type() == ColumnType.STRING) {
                    String[] v = (String[]) col.array();
                    strings[i][c] = new byte[v.length][];
                    for (int r = 0; r < v.length; r++) {
                        strings[i][c][r] = v[r] == null ? null : v[r].getBytes(StandardCharsets.UTF_8);
                        stringBytes += 4 + (v[r] == null ? 0 : strings[i][c][r].length);
                    }
                } else {
                    rowSize += 4 + col.type().width();
                }
            }
            size += rowSize * t.rowCount() + stringBytes;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("batch too large for one COPY: " + size + " bytes; lower batch.max.bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size); // big-endian, as COPY wants
        out.put(SIGNATURE).putInt(0).putInt(0);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            byte[] source = sources[i];
            if (!f.isTable()) {
                byte[] ct = f.contentType().getBytes(StandardCharsets.UTF_8);
                out.putShort((short) (RowLayout.headerColumns() + 2));
                header(out, f, source);
                out.putInt(ct.length).put(ct).putInt(f.raw().length).put(f.raw());
                continue;
            }
            Table t = f.table();
            List<Column> cols = t.columns();
            int ncols = cols.size();
            Object[] arrays = new Object[ncols];
            ColumnType[] types = new ColumnType[ncols];
            for (int c = 0; c < ncols; c++) {
                arrays[c] = cols.get(c).array();
                types[c] = cols.get(c).type();
            }
            short fields = (short) (RowLayout.headerColumns() + ncols);
            for (int r = 0; r < t.rowCount(); r++) {
                out.putShort(fields);
                header(out, f, source);
                for (int c = 0; c < ncols; c++) {
                    switch (types[c]) {
                        case INT32: out.putInt(4).putInt(((int[]) arrays[c])[r]); break;
                        case INT64: out.putInt(8).putLong(((long[]) arrays[c])[r]); break;
                        case FLOAT32: out.putInt(4).putFloat(((float[]) arrays[c])[r]); break;
                        case FLOAT64: out.putInt(8).putDouble(((double[]) arrays[c])[r]); break;
                        default:
                            byte[] b = strings[i][c][r];
                            if (b == null) {
                                out.putInt(-1);
                            } else {
                                out.putInt(b.length).put(b);
                            }
                    }
                }
            }
        }
        out.putShort((short) -1);
        return out.array();
    }

    private static void header(ByteBuffer out, Frame f, byte[] source) {
        out.putInt(8).putLong(f.sequence()).putInt(8).putLong(f.timestampNanos()).putInt(8).putLong(f.runNumber())
                .putInt(source.length).put(source);
    }
}
