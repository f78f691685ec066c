package org.daqhub.store.csv;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.daqhub.store.file.Compression;

/**
 * One CSV output file. Rows are encoded into memory ({@link #text}) and reach the file in {@link #drain}, each
 * drain one positional write at the end of what is already in the file ({@link #committed}), compressed into one
 * gzip member or zstd frame when configured. A drain that fails half-way leaves {@code committed} where it was and
 * keeps the rows: the next drain writes them again over the partial bytes and cuts the file there, so every row is
 * in the file exactly once.
 */
final class CsvFile {
    /** Pending bytes at which the store drains a file before taking more rows. */
    static final int DRAIN_BYTES = 4 << 20;

    /** A ByteArrayOutputStream whose buffer a drain reads without copying it. */
    private static final class Pending extends ByteArrayOutputStream {
        Pending() {
            super(1 << 16);
        }

        byte[] buffer() {
            return buf;
        }
    }

    final Path path;
    private final FileChannel channel;
    private final Compression compression;
    private final Pending pending = new Pending();
    /** Rows go here; {@link #drain} flushes it into {@link #pending} first. */
    final Writer text = new BufferedWriter(new OutputStreamWriter(pending, StandardCharsets.UTF_8), 1 << 16);
    private long committed;
    private boolean dirty;
    /** True while the file has no header yet (a new or empty file, or one just truncated). */
    boolean needsHeader;

    /** Opens the file's channel; tests hand in one that fails. */
    interface Channels {
        FileChannel open(Path path, boolean truncate) throws IOException;
    }

    static final Channels FILES = (path, truncate) -> truncate
            ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
            : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    CsvFile(Path path, FileChannel channel, Compression compression) throws IOException {
        this.path = path;
        this.compression = compression;
        this.channel = channel;
        this.committed = channel.size();
        this.needsHeader = committed == 0;
    }

    /** Bytes taken but not yet in the file (an estimate: the writer's buffer is not counted). */
    int pendingBytes() {
        return pending.size();
    }

    /** Writes every taken row to the file; on failure nothing taken is lost and the next drain retries it. */
    void drain() throws IOException {
        text.flush();
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer b = compression == Compression.NONE ? ByteBuffer.wrap(pending.buffer(), 0, pending.size()) // no copy
                : ByteBuffer.wrap(compression.encode(pending.buffer(), 0, pending.size()));
        long at = committed;
        try {
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            if (dirty) {
                channel.truncate(at); // the bytes of a failed drain beyond what this one wrote
            }
        } catch (IOException e) {
            dirty = true;
            throw e;
        }
        committed = at;
        dirty = false;
        pending.reset();
    }

    void close() throws IOException {
        try {
            drain();
        } finally {
            channel.close();
        }
    }
}
