package org.daqhub.api;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames for the wire and decodes them back: a three-part message (topic, header, payload),
 * little-endian throughout. The format is specified in docs/wire-format.md so that a plain ZMQ
 * client (pyzmq + struct/numpy) can read it without daqhub.
 */
public final class FrameCodec {
    /** First four bytes of every header. */
    public static final int HEADER_MAGIC = 0x31485144; // "DQH1" read as little-endian int
    /** First four bytes of every table payload. */
    public static final int TABLE_MAGIC = 0x31545144; // "DQT1"

    private FrameCodec() {
    }

    /** Topic part: UTF-8 bytes of the topic (ZMQ subscriptions match on its prefix). */
    public static byte[] encodeTopic(Frame f) {
        return f.topic().getBytes(StandardCharsets.UTF_8);
    }

    /** Header part. */
    public static byte[] encodeHeader(Frame f) {
        byte[] src = utf8(f.source());
        byte[] ct = utf8(f.contentType());
        byte[] org = utf8(f.origin());
        ByteBuffer b = ByteBuffer.allocate(4 + 24 + 6 + src.length + ct.length + org.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HEADER_MAGIC).putLong(f.sequence()).putLong(f.timestampNanos()).putLong(f.runNumber());
        putStr(b, src);
        putStr(b, ct);
        putStr(b, org);
        return b.array();
    }

    /** Payload part: the raw bytes as they are (no copy), or the encoded table. */
    public static byte[] encodePayload(Frame f) {
        return f.isTable() ? encodeTable(f.table()) : f.raw();
    }

    /** Encodes a table payload. */
    public static byte[] encodeTable(Table t) {
        int cols = t.columns().size();
        int rows = t.rowCount();
        byte[][] names = new byte[cols][];
        byte[][][] strings = new byte[cols][][];
        long size = 12;
        for (int i = 0; i < cols; i++) {
            Column c = t.columns().get(i);
            names[i] = utf8(c.name());
            size += 2 + names[i].length + 1;
            if (c.type() == ColumnType.STRING) {
                String[] v = (String[]) c.array();
                strings[i] = new byte[rows][];
                size += 4L * (rows + 1);
                for (int r = 0; r < rows; r++) {
                    strings[i][r] = v[r] == null ? new byte[0] : v[r].getBytes(StandardCharsets.UTF_8);
                    size += strings[i][r].length;
                }
            } else {
                size += (long) c.type().width() * rows;
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new FrameFormatException("table: " + size + " bytes is larger than one frame may be (2 GiB)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TABLE_MAGIC).putInt(cols).putInt(rows);
        for (int i = 0; i < cols; i++) {
            putStr(b, names[i]);
            b.put((byte) t.columns().get(i).type().code());
        }
        for (int i = 0; i < cols; i++) {
            Column c = t.columns().get(i);
            switch (c.type()) {
                case INT32: b.asIntBuffer().put((int[]) c.array()); break;
                case INT64: b.asLongBuffer().put((long[]) c.array()); break;
                case FLOAT32: b.asFloatBuffer().put((float[]) c.array()); break;
                case FLOAT64: b.asDoubleBuffer().put((double[]) c.array()); break;
                default:
                    int off = 0;
                    b.putInt(0);
                    for (int r = 0; r < rows; r++) {
                        off += strings[i][r].length;
                        b.putInt(off);
                    }
                    for (int r = 0; r < rows; r++) {
                        b.put(strings[i][r]);
                    }
                    continue;
            }
            b.position(b.position() + c.type().width() * rows);
        }
        return b.array();
    }

    /**
     * Decodes a three-part message. A malformed part raises {@link FrameFormatException} naming the field;
     * it never returns a half-decoded frame.
     */
    public static Frame decode(byte[] topicPart, byte[] headerPart, byte[] payloadPart) {
        if (topicPart == null || topicPart.length == 0) {
            throw new FrameFormatException("topic: empty");
        }
        if (headerPart == null || payloadPart == null) {
            throw new FrameFormatException("message: expected 3 parts (topic, header, payload)");
        }
        String topic = new String(topicPart, StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(headerPart).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int magic = b.getInt();
            if (magic != HEADER_MAGIC) {
                throw new FrameFormatException("header.magic: expected DQH1, got 0x" + Integer.toHexString(magic));
            }
            long seq = b.getLong();
            long ts = b.getLong();
            long run = b.getLong();
            String source = getStr(b, "header.source");
            String ct = getStr(b, "header.content_type");
            String origin = getStr(b, "header.origin");
            Frame f = Frame.TABLE.equals(ct)
                    ? Frame.ofTable(topic, source, seq, ts, run, decodeTable(payloadPart))
                    : Frame.ofRaw(topic, source, seq, ts, run, ct, payloadPart);
            return origin.isEmpty() ? f : f.withOrigin(origin);
        } catch (BufferUnderflowException e) {
            throw new FrameFormatException("header: truncated at byte " + b.position() + " of " + headerPart.length);
        }
    }

    /** Decodes a table payload. */
    public static Table decodeTable(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int magic = b.getInt();
            if (magic != TABLE_MAGIC) {
                throw new FrameFormatException("table.magic: expected DQT1, got 0x" + Integer.toHexString(magic));
            }
            int cols = b.getInt();
            int rows = b.getInt();
            if (cols < 0 || rows < 0 || cols > 65535) {
                throw new FrameFormatException("table: bad shape " + cols + " columns x " + rows + " rows");
            }
            String[] names = new String[cols];
            ColumnType[] types = new ColumnType[cols];
            for (int i = 0; i < cols; i++) {
                names[i] = getStr(b, "table.column[" + i + "].name");
                types[i] = ColumnType.ofCode(b.get());
            }
            Table.Builder tb = Table.builder();
            for (int i = 0; i < cols; i++) {
                ColumnType t = types[i];
                if (t.width() > 0 && (long) t.width() * rows > b.remaining()) {
                    throw new FrameFormatException("table.column[" + names[i] + "]: needs " + (long) t.width() * rows
                            + " bytes, " + b.remaining() + " left");
                }
                Object arr;
                switch (t) {
                    case INT32: { int[] a = new int[rows]; b.asIntBuffer().get(a); arr = a; break; }
                    case INT64: { long[] a = new long[rows]; b.asLongBuffer().get(a); arr = a; break; }
                    case FLOAT32: { float[] a = new float[rows]; b.asFloatBuffer().get(a); arr = a; break; }
                    case FLOAT64: { double[] a = new double[rows]; b.asDoubleBuffer().get(a); arr = a; break; }
                    default: {
                        int[] off = new int[rows + 1];
                        for (int r = 0; r <= rows; r++) {
                            off[r] = b.getInt();
                        }
                        int base = b.position();
                        String[] a = new String[rows];
                        for (int r = 0; r < rows; r++) {
                            if (off[r] < 0 || off[r + 1] < off[r] || base + off[r + 1] > payload.length) {
                                throw new FrameFormatException("table.column[" + names[i] + "]: bad string offset at row " + r);
                            }
                            a[r] = new String(payload, base + off[r], off[r + 1] - off[r], StandardCharsets.UTF_8);
                        }
                        b.position(base + off[rows]);
                        tb.add(names[i], t, a, rows);
                        continue;
                    }
                }
                b.position(b.position() + t.width() * rows);
                tb.add(names[i], t, arr, rows);
            }
            return tb.build();
        } catch (BufferUnderflowException e) {
            throw new FrameFormatException("table: truncated at byte " + b.position() + " of " + payload.length);
        }
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 65535) {
            throw new FrameFormatException("string field longer than 65535 bytes: " + s.substring(0, 32) + "...");
        }
        return b;
    }

    private static void putStr(ByteBuffer b, byte[] s) {
        b.putShort((short) s.length).put(s);
    }

    private static String getStr(ByteBuffer b, String field) {
        int n = Short.toUnsignedInt(b.getShort());
        if (n > b.remaining()) {
            throw new FrameFormatException(field + ": length " + n + " exceeds the " + b.remaining() + " bytes left");
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
