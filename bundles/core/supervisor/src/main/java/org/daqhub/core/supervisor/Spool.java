package org.daqhub.core.supervisor;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;

/**
 * A store instance's disk spool: a directory of segment files, one per batch that could not be written,
 * replayed oldest first. Frames are encoded with the wire format ({@link FrameCodec}), each record being
 * three length-prefixed parts. A segment is written to a temporary name, forced to disk and then renamed,
 * so a crash never leaves half a segment, and segments left over from an earlier run are replayed first.
 */
final class Spool {
    private static final String SUFFIX = ".spool";

    private final Path dir;
    private final long maxBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long nextId;
    // read by status from other threads
    private volatile long bytes;
    private volatile long frames;

    private record Segment(Path path, long bytes, int frames) {
    }

    Spool(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    found.add(p);
                } else if (name.endsWith(".tmp")) {
                    Files.delete(p); // a segment whose write never completed: its frames were never acknowledged
                }
            }
        }
        found.sort(null); // names are zero-padded ids
        for (Path p : found) {
            int n = countFrames(p);
            long size = Files.size(p);
            segments.add(new Segment(p, size, n));
            bytes += size;
            frames += n;
            nextId = Math.max(nextId, Long.parseLong(p.getFileName().toString().replace(SUFFIX, "")) + 1);
        }
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    long frames() {
        return frames;
    }

    /** True if a batch of about this size still fits under spool.max.bytes. */
    boolean hasRoomFor(long batchBytes) {
        return segments.isEmpty() || bytes + batchBytes <= maxBytes;
    }

    /** Appends a batch as one segment, durably. */
    void append(List<Frame> batch) throws IOException {
        Path tmp = dir.resolve(String.format("%019d", nextId) + ".tmp");
        Path seg = dir.resolve(String.format("%019d", nextId) + SUFFIX);
        nextId++;
        long size = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            for (Frame f : batch) {
                byte[] t = FrameCodec.encodeTopic(f);
                byte[] h = FrameCodec.encodeHeader(f);
                byte[] p = FrameCodec.encodePayload(f);
                len.clear();
                len.putInt(t.length).putInt(h.length).putInt(p.length).flip();
                size += writeFully(ch, len) + writeFully(ch, ByteBuffer.wrap(t)) + writeFully(ch, ByteBuffer.wrap(h))
                        + writeFully(ch, ByteBuffer.wrap(p));
            }
            ch.force(true);
        }
        Files.move(tmp, seg, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        segments.add(new Segment(seg, size, batch.size()));
        bytes += size;
        frames += batch.size();
    }

    private static long writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        long n = b.remaining();
        while (b.hasRemaining()) {
            ch.write(b);
        }
        return n;
    }

    /** The oldest segment's frames, or null if the spool is empty. */
    List<Frame> peek() throws IOException {
        Segment s = segments.peekFirst();
        return s == null ? null : read(s.path());
    }

    /** Removes the oldest segment (after it was written to the store). */
    void removeOldest() throws IOException {
        Segment s = segments.pollFirst();
        if (s != null) {
            Files.deleteIfExists(s.path());
            bytes -= s.bytes();
            frames -= s.frames();
        }
    }

    /** Drops the oldest segment because the spool is full; returns how many frames were lost. */
    int dropOldest() throws IOException {
        Segment s = segments.peekFirst();
        if (s == null) {
            return 0;
        }
        removeOldest();
        return s.frames();
    }

    private static List<Frame> read(Path p) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
            byte[] lens = new byte[12];
            while (true) {
                try {
                    data.readFully(lens);
                } catch (EOFException e) {
                    return out;
                }
                ByteBuffer l = ByteBuffer.wrap(lens).order(ByteOrder.LITTLE_ENDIAN);
                byte[] t = new byte[l.getInt()];
                byte[] h = new byte[l.getInt()];
                byte[] pl = new byte[l.getInt()];
                data.readFully(t);
                data.readFully(h);
                data.readFully(pl);
                out.add(FrameCodec.decode(t, h, pl));
            }
        }
    }

    private static int countFrames(Path p) throws IOException {
        return read(p).size();
    }
}
