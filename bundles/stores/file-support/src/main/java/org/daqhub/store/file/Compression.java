package org.daqhub.store.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/**
 * How a file store compresses what it writes: each chunk becomes a self-contained gzip member or zstd frame, so a
 * file only ever holds whole ones and stays readable ({@code gzip -t}, {@code zstd -t}) after the JVM is killed.
 * RFC 1952 and RFC 8878 both allow members/frames back to back; {@code gzip -dc} and {@code zstd -dc} read them as
 * one stream.
 */
public enum Compression {
    NONE(""), GZIP(".gz"), ZSTD(".zst");

    /** zstd's default level: ENRGDAQ writes level 5 for ROOT; 3 is zstd's speed/ratio sweet spot for CSV. */
    public static final int ZSTD_LEVEL = 3;

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** The file name suffix this compression adds, last ({@code .gz}, {@code .zst}), or "". */
    public String extension() {
        return extension;
    }

    /** The value of a {@code compression} key: none, gzip or zstd. */
    public static Compression of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** A store's {@code compression} key (default none), refused naming the reason when it cannot be used here. */
    public static Compression read(Settings s) {
        String name = s.oneOf("compression", "none", "none", "gzip", "zstd");
        Compression c = of(name);
        String why = c.unavailable();
        if (why != null) {
            throw new InvalidConfigException(s.instance(), "compression", name, "cannot be used: " + why);
        }
        return c;
    }

    /** Null when this compression can be used here, else why not (zstd: its library or native code is missing). */
    public String unavailable() {
        return this == ZSTD ? ZstdFrames.unavailable() : null;
    }

    /** {@code len} bytes of {@code b} from {@code off} as one complete member or frame (or as they are, for NONE). */
    public byte[] encode(byte[] b, int off, int len) {
        switch (this) {
            case NONE:
                return off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            case GZIP:
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 4));
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
                    gz.write(b, off, len);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // in memory: does not happen
                }
                return out.toByteArray();
            default:
                return ZstdFrames.compress(b, off, len, ZSTD_LEVEL);
        }
    }
}
