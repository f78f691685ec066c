package org.daqhub.driver.tfgenerator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub TF generator (testbed DAQ)",
        description = "Plays the DAQ state machine run_imminent, start_run, stf_gen, pause_run/resume_run, end_run")
public @interface TfGeneratorConfig {
    @AttributeDefinition(description = "Seconds between STF files while taking data")
    double stf_interval_s() default 2.0;

    @AttributeDefinition(description = "Seconds of one physics period")
    double physics_period_s() default 10;

    @AttributeDefinition(description = "Physics periods per run (a pause between two)")
    int physics_periods() default 2;

    @AttributeDefinition(description = "Runs to play; 0 = until stopped")
    int runs() default 0;

    @AttributeDefinition(description = "First run number; 0 = from the clock (yyMMddHHmm)")
    long first_run_number() default 0;

    @AttributeDefinition(description = "TF samples per STF (fast monitoring)")
    int tf_files_per_stf() default 7;

    @AttributeDefinition(description = "TF sample size as a fraction of the STF")
    double tf_size_fraction() default 0.15;

    @AttributeDefinition(description = "Mean STF size in bytes")
    long stf_size_bytes() default 1_000_000_000L;

    @AttributeDefinition(description = "URL prefix of the simulated STF files")
    String base_url() default "file:///daq/stf";
}
