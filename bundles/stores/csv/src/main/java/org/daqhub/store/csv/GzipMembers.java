package org.daqhub.store.csv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip output as a series of complete gzip members, one per flush (RFC 1952 allows concatenated members;
 * {@code gzip -dc} and Java's GZIPInputStream read them as one stream). Each member is compressed in memory
 * and reaches the file in one write, so the file only ever holds whole members: after the JVM is killed it
 * passes {@code gzip -t} and holds every row flushed before. A member is ended early at {@code maxMemberBytes}
 * compressed bytes to bound the memory. Nothing is written for a flush without new data (idle flushes).
 */
final class GzipMembers extends OutputStream {
    static final int MAX_MEMBER_BYTES = 4 << 20;

    private final OutputStream file;
    private final int maxMemberBytes;
    private final ByteArrayOutputStream member = new ByteArrayOutputStream(1 << 16);
    private GZIPOutputStream gzip;

    GzipMembers(OutputStream file) {
        this(file, MAX_MEMBER_BYTES);
    }

    GzipMembers(OutputStream file, int maxMemberBytes) {
        this.file = file;
        this.maxMemberBytes = maxMemberBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (gzip == null) {
            gzip = new GZIPOutputStream(member, 1 << 16);
        }
        gzip.write(b, off, len);
        if (member.size() >= maxMemberBytes) {
            endMember();
        }
    }

    @Override
    public void flush() throws IOException {
        endMember();
        file.flush();
    }

    private void endMember() throws IOException {
        if (gzip == null) {
            return;
        }
        gzip.close(); // writes the trailer and frees the deflater; closing the in-memory buffer does nothing
        gzip = null;
        member.writeTo(file);
        member.reset();
    }

    @Override
    public void close() throws IOException {
        try {
            endMember();
        } finally {
            file.close();
        }
    }
}
