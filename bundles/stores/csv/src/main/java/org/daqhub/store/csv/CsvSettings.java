package org.daqhub.store.csv;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/** Validated CSV store settings. */
record CsvSettings(String instance, Path outDir, String fileName, boolean addDate, String tag, boolean gzip, boolean overwrite,
        long flushIntervalMillis) {

    static CsvSettings read(Map<String, ?> props, Path dataDir) {
        Settings s = Settings.of(props);
        String dir = s.string("out.dir", "csv");
        Path out = Paths.get(dir);
        if (!out.isAbsolute()) {
            out = dataDir.resolve(dir);
        }
        String fileName = s.string("file.name", "{topic}.csv");
        if (fileName.isEmpty() || fileName.contains("/")) {
            throw new InvalidConfigException(s.instance(), "file.name", fileName, "must be a plain file name (put directories in out.dir)");
        }
        String compression = s.string("compression", "none");
        if (!compression.equals("none") && !compression.equals("gzip")) {
            throw new InvalidConfigException(s.instance(), "compression", compression, "is not one of none, gzip");
        }
        String mode = s.string("mode", "append");
        if (!mode.equals("append") && !mode.equals("overwrite")) {
            throw new InvalidConfigException(s.instance(), "mode", mode, "is not one of append, overwrite");
        }
        return new CsvSettings(s.instance(), out, fileName, s.bool("add_date", false), s.string("tag", ""),
                compression.equals("gzip"), mode.equals("overwrite"), s.integer("flush.interval.ms", 1000, 0));
    }
}
