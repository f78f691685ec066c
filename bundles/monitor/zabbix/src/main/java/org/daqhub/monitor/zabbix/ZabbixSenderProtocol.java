package org.daqhub.monitor.zabbix;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The frame of Zabbix's TCP protocols (https://www.zabbix.com/documentation/6.0/en/manual/appendix/protocols/header_datalen):
 * {@code "ZBXD"}, a flags byte (0x01 Zabbix protocol, 0x02 compressed, 0x04 large packet), the data length and
 * the reserved (uncompressed) length as little-endian integers (4 bytes each, 8 with the large-packet flag), then the
 * JSON data.
 */
final class ZabbixSenderProtocol {
    private static final byte[] MAGIC = "ZBXD".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAG_COMPRESSED = 0x02;
    private static final int FLAG_LARGE = 0x04;
    private static final long MAX_RESPONSE = 128L << 20;

    private ZabbixSenderProtocol() {
    }

    static void write(OutputStream out, String json) throws IOException {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 0x01).putInt(data.length).putInt(0);
        out.write(header.array());
        out.write(data);
        out.flush();
    }

    static String read(InputStream in) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[5];
        din.readFully(magic);
        if (!Arrays.equals(Arrays.copyOf(magic, 4), MAGIC)) {
            throw new IOException("not a Zabbix answer (header " + new String(magic, StandardCharsets.ISO_8859_1) + ")");
        }
        int flags = magic[4];
        boolean large = (flags & FLAG_LARGE) != 0;
        byte[] lengths = new byte[large ? 16 : 8];
        din.readFully(lengths);
        ByteBuffer b = ByteBuffer.wrap(lengths).order(ByteOrder.LITTLE_ENDIAN);
        long length = large ? b.getLong() : Integer.toUnsignedLong(b.getInt());
        long reserved = large ? b.getLong() : Integer.toUnsignedLong(b.getInt());
        if (length > MAX_RESPONSE || reserved > MAX_RESPONSE) {
            throw new IOException("Zabbix answer of " + length + " bytes is larger than expected");
        }
        byte[] data = new byte[(int) length];
        din.readFully(data);
        if ((flags & FLAG_COMPRESSED) == 0) {
            return new String(data, StandardCharsets.UTF_8);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) reserved);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsInput()) {
                    throw new IOException("truncated compressed Zabbix answer");
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IOException("corrupt compressed Zabbix answer: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
