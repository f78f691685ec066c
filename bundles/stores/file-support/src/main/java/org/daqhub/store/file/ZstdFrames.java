package org.daqhub.store.file;

import com.github.luben.zstd.Zstd;

/**
 * zstd through zstd-jni, kept apart from {@link Compression} so a store whose bundle has no zstd-jni wired (the
 * import is optional) loads Compression and fails only when zstd is configured, with a message saying what to
 * install.
 */
final class ZstdFrames {
    private ZstdFrames() {
    }

    static byte[] compress(byte[] b, int off, int len, int level) {
        byte[] src = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
        return Zstd.compress(src, level);
    }

    /** Null when zstd-jni (and its native library for this platform) can be loaded, else why not. */
    static String unavailable() {
        try {
            Zstd.compressBound(1);
            return null;
        } catch (LinkageError e) {
            return "zstd-jni cannot be loaded (" + e + "); the features daqhub-store-csv and daqhub-store-raw install it";
        }
    }
}
