package org.daqhub.driver.tfgenerator;

import org.daqhub.api.driver.DriverRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub TF generator (testbed DAQ)",
        description = "Plays the DAQ state machine run_imminent, start_run, stf_gen, pause_run/resume_run, end_run")
interface TfGeneratorConfig extends DriverRunnerConfig {
    @AttributeDefinition(defaultValue = "2.0", description = "Seconds between STF files while taking data")
    double stf_interval_s();

    @AttributeDefinition(defaultValue = "10", description = "Seconds of one physics period")
    double physics_period_s();

    @AttributeDefinition(defaultValue = "2", description = "Physics periods per run (a pause between two)")
    int physics_periods();

    @AttributeDefinition(defaultValue = "0", description = "Runs to play; 0 = until stopped")
    int runs();

    @AttributeDefinition(defaultValue = "0", description = "First run number; 0 = from the clock (yyMMddHHmm)")
    long first_run_number();

    @AttributeDefinition(defaultValue = "7", description = "TF samples per STF (fast monitoring)")
    int tf_files_per_stf();

    @AttributeDefinition(defaultValue = "0.15", description = "TF sample size as a fraction of the STF")
    double tf_size_fraction();

    @AttributeDefinition(defaultValue = "1000000000", description = "Mean STF size in bytes")
    long stf_size_bytes();

    @AttributeDefinition(defaultValue = "file:///daq/stf", description = "URL prefix of the simulated STF files")
    String base_url();
}
