package org.daqhub.driver.simulator;

import org.daqhub.api.driver.DriverRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub simulator driver",
        description = "A simulated detector: tabular frames (sine + noise columns) or raw byte blocks, at a set rate")
interface SimulatorConfig extends DriverRunnerConfig {
    @AttributeDefinition(defaultValue = "10", description = "Frames per second; 0 = as fast as the bus takes them")
    double rate();

    @AttributeDefinition(defaultValue = "tabular", description = "tabular: typed columns; raw: byte blocks of frame.size",
            options = {@Option(label = "tabular", value = "tabular"), @Option(label = "raw", value = "raw")})
    String mode();

    @AttributeDefinition(defaultValue = "10", description = "Rows per tabular frame")
    int rows();

    @AttributeDefinition(defaultValue = "value", description = "Comma-separated names of the float64 columns of a tabular frame")
    String columns();

    @AttributeDefinition(defaultValue = "1024", name = "frame.size", description = "Bytes per raw frame (at least 8: the first 8 bytes carry the sequence number)")
    int frame_size();

    @AttributeDefinition(defaultValue = "adc", description = "Stream name: frames go to topic data.<instance>.<stream>")
    String stream();

    @AttributeDefinition(defaultValue = "0", name = "run.number", description = "Run number stamped on every frame")
    long run_number();

    @AttributeDefinition(defaultValue = "0", name = "fail.after.frames", description = "Throw after this many frames in each run attempt (to exercise restarts); 0 = never")
    long fail_after_frames();
}
