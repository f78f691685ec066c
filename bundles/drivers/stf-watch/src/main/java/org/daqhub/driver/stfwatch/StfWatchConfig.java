package org.daqhub.driver.stfwatch;

import org.daqhub.api.driver.DriverRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub STF directory watcher",
        description = "Registers a sample of the STF files appearing in directories (publishes them on data.<instance>.stf)")
interface StfWatchConfig extends DriverRunnerConfig {
    @AttributeDefinition(description = "Directories to watch (comma-separated)")
    String[] directories();

    @AttributeDefinition(defaultValue = { "*.stf", "*.STF" }, description = "File name globs")
    String[] patterns();

    @AttributeDefinition(defaultValue = "30", description = "Seconds between scans")
    double check_interval_s();

    @AttributeDefinition(defaultValue = "0", description = "Only files changed in the last N minutes; 0 = any age")
    double lookback_min();

    @AttributeDefinition(defaultValue = "0.1", description = "Fraction of the new files of a scan to register (at least one)")
    double selection_fraction();

    @AttributeDefinition(defaultValue = "1", description = "Run number when the file name has none (run_123, RUN123, r123)")
    long default_run_number();

    @AttributeDefinition(defaultValue = "file://", description = "Prefix of the file URL before the absolute path")
    String base_url();

    @AttributeDefinition(defaultValue = "false", description = "Compute the MD5 checksum of each registered file")
    boolean checksum();

    @AttributeDefinition(defaultValue = "physics")
    String machine_state();
}
