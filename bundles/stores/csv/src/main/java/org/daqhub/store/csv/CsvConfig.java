package org.daqhub.store.csv;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub CSV store", description = "Writes frames to CSV files, one row per table row")
@interface CsvConfig {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.detector1.*")
    String topics();

    @AttributeDefinition(name = "out.dir", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir() default "csv";

    @AttributeDefinition(name = "file.name", description = "File name; {topic} is replaced by the frame's topic")
    String file_name() default "{topic}.csv";

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(name = "add_date", description = "Prefix the file name with YYYY-MM-DD_ (a new file every day)")
    boolean add__date() default false;

    @AttributeDefinition(description = "Appended as _tag before the extension")
    String tag() default "";

    @AttributeDefinition(description = "none or gzip (adds .gz)",
            options = {@Option(label = "none", value = "none"), @Option(label = "gzip", value = "gzip")})
    String compression() default "none";

    @AttributeDefinition(description = "append to existing files (header written once) or overwrite them at start",
            options = {@Option(label = "append", value = "append"), @Option(label = "overwrite", value = "overwrite")})
    String mode() default "append";

    @AttributeDefinition(name = "flush.interval.ms", description = "Flush files at least this often while data flows (ms)")
    long flush_interval_ms() default 1000;
}
