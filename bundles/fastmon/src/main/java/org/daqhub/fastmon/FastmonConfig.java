package org.daqhub.fastmon;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub fast monitoring",
        description = "Registers STF files, samples TFs and announces them to subscribers on the broker")
public @interface FastmonConfig {
    @AttributeDefinition(description = "TF samples made from each STF file")
    int tf_files_per_stf() default 7;

    @AttributeDefinition(description = "Size of a TF sample as a fraction of its STF (randomised by N(1, 0.1))")
    double tf_size_fraction() default 0.15;

    @AttributeDefinition(description = "Time frames in one STF; the TF samples are blocks of them")
    int tf_count() default 1000;

    @AttributeDefinition(description = "Broker topic for every announcement (STOMP: /topic/epictopic)")
    String broadcast_topic() default "epictopic";

    @AttributeDefinition(description = "Register STF files announced by stf_ready messages on the broadcast topic")
    boolean listen_stf_ready() default true;

    @AttributeDefinition(description = "Bus topics carrying STF rows from drivers")
    String[] stf_topics() default { "data.*.stf" };

    @AttributeDefinition(description = "Bus topics carrying DAQ state messages from drivers")
    String[] daq_topics() default { "data.*.daq" };

    @AttributeDefinition(description = "Name in processed_by of every message")
    String agent_name() default "daqhub-fastmon";
}
