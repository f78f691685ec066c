package org.daqhub.store.csv;

import java.nio.file.Path;
import java.util.Map;

import org.daqhub.api.config.Settings;
import org.daqhub.store.file.Compression;

/** Validated CSV store settings. */
record CsvSettings(String instance, Path outDir, String fileName, boolean addDate, String tag, Compression compression, boolean overwrite,
        long flushIntervalMillis) {

    static CsvSettings read(Map<String, ?> props, Path dataDir) {
        Settings s = Settings.of(props);
        return new CsvSettings(s.instance(), s.directory("out.dir", "csv", dataDir), s.fileName("file.name", "{topic}.csv"),
                s.bool("add_date", false), s.string("tag", ""), Compression.read(s),
                s.oneOf("mode", "append", "append", "overwrite").equals("overwrite"), s.integer("flush.interval.ms", 1000, 0));
    }
}
