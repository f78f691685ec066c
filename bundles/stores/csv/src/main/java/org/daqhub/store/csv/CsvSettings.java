package org.daqhub.store.csv;

import java.nio.file.Path;
import java.util.Map;

import org.daqhub.api.config.Settings;

/** Validated CSV store settings. */
record CsvSettings(String instance, Path outDir, String fileName, boolean addDate, String tag, boolean gzip, boolean overwrite,
        long flushIntervalMillis) {

    static CsvSettings read(Map<String, ?> props, Path dataDir) {
        Settings s = Settings.of(props);
        return new CsvSettings(s.instance(), s.directory("out.dir", "csv", dataDir), s.fileName("file.name", "{topic}.csv"),
                s.bool("add_date", false), s.string("tag", ""), s.oneOf("compression", "none", "none", "gzip").equals("gzip"),
                s.oneOf("mode", "append", "append", "overwrite").equals("overwrite"), s.integer("flush.interval.ms", 1000, 0));
    }
}
