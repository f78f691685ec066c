package org.daqhub.store.raw;

import java.nio.file.Path;
import java.util.Map;

import org.daqhub.api.config.Settings;
import org.daqhub.store.file.Compression;

/** Validated raw store settings. */
record RawSettings(String instance, Path outDir, String fileName, boolean frames, boolean addDate, String tag, long rotateBytes,
        long rotateSeconds, Compression compression) {

    static RawSettings read(Map<String, ?> props, Path dataDir) {
        Settings s = Settings.of(props);
        return new RawSettings(s.instance(), s.directory("out.dir", "raw", dataDir), s.fileName("file.name", "{topic}.bin"),
                s.oneOf("format", "payload", "payload", "frames").equals("frames"), s.bool("add_date", false), s.string("tag", ""),
                s.integer("rotate.bytes", 0, 0), s.integer("rotate.seconds", 0, 0), Compression.read(s));
    }
}
