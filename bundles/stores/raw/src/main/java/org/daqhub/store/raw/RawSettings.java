package org.daqhub.store.raw;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/** Validated raw store settings. */
record RawSettings(String instance, Path outDir, String fileName, boolean frames, boolean addDate, String tag, long rotateBytes,
        long rotateSeconds) {

    static RawSettings read(Map<String, ?> props, Path dataDir) {
        Settings s = Settings.of(props);
        Path out = Paths.get(s.string("out.dir", "raw"));
        if (!out.isAbsolute()) {
            out = dataDir.resolve(out);
        }
        String fileName = s.string("file.name", "{topic}.bin");
        if (fileName.isEmpty() || fileName.contains("/")) {
            throw new InvalidConfigException(s.instance(), "file.name", fileName, "must be a plain file name (put directories in out.dir)");
        }
        String format = s.string("format", "payload");
        if (!format.equals("payload") && !format.equals("frames")) {
            throw new InvalidConfigException(s.instance(), "format", format, "is not one of payload, frames");
        }
        return new RawSettings(s.instance(), out, fileName, format.equals("frames"), s.bool("add_date", false), s.string("tag", ""),
                s.integer("rotate.bytes", 0, 0), s.integer("rotate.seconds", 0, 0));
    }
}
