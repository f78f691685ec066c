package org.daqhub.store.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.store.FileNames;
import org.daqhub.api.store.Store;
import org.daqhub.store.file.Compression;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends frames to binary files with a {@link FileChannel}. {@code format = payload} writes the payload bytes back to back (a table frame's payload is its
 * wire encoding); {@code frames} writes each frame as three length-prefixed parts (u32 LE lengths of topic,
 * header and payload, then the parts), which docs/wire-format.md decodes. With rotation, file names get
 * {@code -<UTC yyyyMMdd'T'HHmmss.SSS>} before the extension.
 */
@Component(name = "org.daqhub.store.raw", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = RawConfig.class, factory = true)
public class RawStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(RawStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);

    private RawSettings settings;
    private final Map<String, OpenFile> files = new HashMap<>();

    /** An open output file for one base name. */
    private static final class OpenFile {
        final FileChannel channel;
        final Path path;
        final long openedNanos = System.nanoTime();
        /** Bytes of frames given to it, before compression: what rotate.bytes counts. */
        long size;
        /** Bytes in the file: where a failed batch is cut back to. */
        long fileBytes;

        OpenFile(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            this.size = channel.size();
            this.fileBytes = size;
        }
    }

    public RawStore() {
    }

    RawStore(RawSettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            settings = RawSettings.read(props, Paths.get(System.getProperty("karaf.data", "data")));
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.raw, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    @Deactivate
    public synchronized void deactivate() throws IOException {
        IOException first = null;
        for (OpenFile f : files.values()) {
            try {
                f.channel.force(false);
                f.channel.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public synchronized void write(List<Frame> batch) throws IOException {
        LocalDate date = settings.addDate() ? LocalDate.now() : null;
        Map<OpenFile, List<ByteBuffer>> pending = new HashMap<>();
        Map<OpenFile, long[]> before = new HashMap<>(); // {fileBytes, size} when this batch began
        Map<String, List<OpenFile>> rotated = new HashMap<>(); // base name -> the files it rotated away from in this batch
        try {
            for (Frame f : batch) {
                String base = FileNames.name(settings.fileName(), f.topic(), date, settings.tag(), "");
                // rotation stamps go before the extension, the compression suffix last: data-<stamp>.bin.zst
                OpenFile out = fileFor(base);
                before.putIfAbsent(out, new long[] {out.fileBytes, out.size});
                out.size += append(pending.computeIfAbsent(out, k -> new ArrayList<>()), f); // before compression
                if (rotationDue(out)) {
                    writeAll(out, pending.remove(out));
                    files.remove(base); // the next frame of this base starts a new file
                    // closed only once the whole batch is written: a failure rolls it back too
                    rotated.computeIfAbsent(base, k -> new ArrayList<>()).add(out);
                }
            }
            for (Map.Entry<OpenFile, List<ByteBuffer>> e : pending.entrySet()) {
                writeAll(e.getKey(), e.getValue());
            }
            for (List<OpenFile> rs : rotated.values()) {
                for (OpenFile r : rs) {
                    r.channel.force(false);
                }
            }
        } catch (IOException e) {
            rollBack(before, rotated);
            throw e;
        }
        for (List<OpenFile> rs : rotated.values()) {
            for (OpenFile r : rs) {
                try {
                    r.channel.close();
                } catch (IOException e) {
                    LOG.warn("daqhub raw store '{}': closing rotated {}: {}", settings.instance(), r.path, e.toString());
                }
            }
        }
    }

    /**
     * All-or-nothing for every file the batch touched, so the runner's retry does not duplicate frames: each cut back
     * to its length before the batch; a file rotated away from is open again, and the one started after it removed.
     */
    private void rollBack(Map<OpenFile, long[]> before, Map<String, List<OpenFile>> rotated) {
        for (Map.Entry<OpenFile, long[]> b : before.entrySet()) {
            try {
                OpenFile f = b.getKey();
                f.channel.truncate(b.getValue()[0]);
                f.fileBytes = b.getValue()[0];
                f.size = b.getValue()[1];
            } catch (IOException ignored) {
                LOG.warn("daqhub raw store '{}': could not roll back {} after a failed write", settings.instance(), b.getKey().path);
            }
        }
        for (Map.Entry<String, List<OpenFile>> r : rotated.entrySet()) {
            List<OpenFile> rs = r.getValue();
            OpenFile first = rs.get(0);
            List<OpenFile> started = new ArrayList<>(rs.subList(1, rs.size())); // begun in this batch: empty again now
            OpenFile current = files.put(r.getKey(), first);
            if (current != null && current != first) {
                started.add(current);
            }
            for (OpenFile f : started) {
                try {
                    f.channel.close();
                    Files.deleteIfExists(f.path);
                } catch (IOException ignored) {
                    LOG.warn("daqhub raw store '{}': could not remove {} after a failed write", settings.instance(), f.path);
                }
            }
        }
    }

    private long append(List<ByteBuffer> bufs, Frame f) {
        byte[] payload = FrameCodec.encodePayload(f);
        if (!settings.frames()) {
            bufs.add(ByteBuffer.wrap(payload));
            return payload.length;
        }
        byte[] t = FrameCodec.encodeTopic(f);
        byte[] h = FrameCodec.encodeHeader(f);
        // lengths, topic and header in one small buffer: one write for them, one for the payload
        ByteBuffer head = ByteBuffer.allocate(12 + t.length + h.length).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(t.length).putInt(h.length).putInt(payload.length).put(t).put(h).flip();
        bufs.add(head);
        bufs.add(ByteBuffer.wrap(payload));
        return 12L + t.length + h.length + payload.length;
    }

    private boolean rotationDue(OpenFile f) {
        return (settings.rotateBytes() > 0 && f.size >= settings.rotateBytes())
                || (settings.rotateSeconds() > 0 && System.nanoTime() - f.openedNanos >= settings.rotateSeconds() * 1_000_000_000L);
    }

    private OpenFile fileFor(String base) throws IOException {
        OpenFile f = files.get(base);
        if (f == null) {
            String name = settings.rotateBytes() > 0 || settings.rotateSeconds() > 0
                    ? FileNames.insertBeforeExtension(base, "-" + STAMP.format(java.time.Instant.now())) : base;
            Files.createDirectories(settings.outDir());
            f = new OpenFile(uniquePath(settings.outDir().resolve(name + settings.compression().extension()),
                    settings.rotateBytes() > 0 || settings.rotateSeconds() > 0));
            files.put(base, f);
        }
        return f;
    }

    /** Rotated files never append to an older file of the same millisecond. */
    private static Path uniquePath(Path p, boolean rotating) {
        if (!rotating) {
            return p;
        }
        Path candidate = p;
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = p.resolveSibling(FileNames.insertBeforeExtension(p.getFileName().toString(), "." + i));
        }
        return candidate;
    }

    /**
     * One write per buffer. Not a gathering write: with heap buffers the JDK copies each element into a
     * temporary direct buffer of its own, and beyond its small cache allocates them afresh on every call,
     * which halved the throughput (docs/benchmarks.md, raw).
     */
    private void writeAll(OpenFile f, List<ByteBuffer> bufs) throws IOException {
        if (settings.compression() != Compression.NONE) {
            bufs = List.of(ByteBuffer.wrap(compressed(bufs))); // one gzip member or zstd frame per batch and file
        }
        for (ByteBuffer b : bufs) {
            while (b.hasRemaining()) {
                f.fileBytes += f.channel.write(b);
            }
        }
    }

    private byte[] compressed(List<ByteBuffer> bufs) {
        int n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        byte[] all = new byte[n];
        int at = 0;
        for (ByteBuffer b : bufs) {
            int len = b.remaining();
            b.duplicate().get(all, at, len);
            at += len;
        }
        return settings.compression().encode(all, 0, n);
    }

    @Override
    public synchronized void flush() throws IOException {
        for (OpenFile f : files.values()) {
            f.channel.force(false);
        }
    }
}
