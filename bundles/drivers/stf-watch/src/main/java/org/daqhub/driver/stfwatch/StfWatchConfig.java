package org.daqhub.driver.stfwatch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub STF directory watcher",
        description = "Registers a sample of the STF files appearing in directories (publishes them on data.<instance>.stf)")
public @interface StfWatchConfig {
    @AttributeDefinition(description = "Directories to watch (comma-separated)")
    String[] directories();

    @AttributeDefinition(description = "File name globs")
    String[] patterns() default { "*.stf", "*.STF" };

    @AttributeDefinition(description = "Seconds between scans")
    double check_interval_s() default 30;

    @AttributeDefinition(description = "Only files changed in the last N minutes; 0 = any age")
    double lookback_min() default 0;

    @AttributeDefinition(description = "Fraction of the new files of a scan to register (at least one)")
    double selection_fraction() default 0.1;

    @AttributeDefinition(description = "Run number when the file name has none (run_123, RUN123, r123)")
    long default_run_number() default 1;

    @AttributeDefinition(description = "Prefix of the file URL before the absolute path")
    String base_url() default "file://";

    @AttributeDefinition(description = "Compute the MD5 checksum of each registered file")
    boolean checksum() default false;

    String machine_state() default "physics";
}
