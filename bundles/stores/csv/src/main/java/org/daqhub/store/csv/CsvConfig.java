package org.daqhub.store.csv;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub CSV store", description = "Writes frames to CSV files, one row per table row")
interface CsvConfig extends StoreRunnerConfig {
    @AttributeDefinition(name = "out.dir", defaultValue = "csv", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir();

    @AttributeDefinition(name = "file.name", defaultValue = "{topic}.csv", description = "File name; {topic} is replaced by the frame's topic")
    String file_name();

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(name = "add_date", defaultValue = "false", description = "Prefix the file name with YYYY-MM-DD_ (a new file every day)")
    boolean add__date();

    @AttributeDefinition(defaultValue = "", description = "Appended as _tag before the extension")
    String tag();

    @AttributeDefinition(defaultValue = "none", description = "none, gzip (adds .gz) or zstd (adds .zst): one gzip member or zstd frame per flush, readable after a kill",
            options = {@Option(label = "none", value = "none"), @Option(label = "gzip", value = "gzip"), @Option(label = "zstd", value = "zstd")})
    String compression();

    @AttributeDefinition(defaultValue = "append", description = "append to existing files (header written once) or overwrite them at start",
            options = {@Option(label = "append", value = "append"), @Option(label = "overwrite", value = "overwrite")})
    String mode();

    @AttributeDefinition(name = "flush.interval.ms", defaultValue = "1000", description = "Flush files at least this often while data flows (ms)")
    long flush_interval_ms();
}
