package org.daqhub.fastmon;

import java.util.List;
import java.util.Map;

import org.daqhub.api.config.Settings;

/** etc/org.daqhub.fastmon.cfg ({@link FastmonConfig}), validated: a bad value raises an error naming the key. */
record FastmonSettings(int tfFilesPerStf, double tfSizeFraction, int tfCount, String broadcastTopic, String agent,
        List<String> stfTopics, List<String> daqTopics, boolean listenStfReady) {

    static FastmonSettings read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        return new FastmonSettings(s.intValue("tf.files.per.stf", 7, 1), s.number("tf.size.fraction", 0.15, 0),
                s.intValue("tf.count", 1000, 1), s.string("broadcast.topic", "epictopic"),
                s.string("agent.name", "daqhub-fastmon"), s.topicPatterns("stf.topics", List.of("data.*.stf")),
                s.topicPatterns("daq.topics", List.of("data.*.daq")), s.bool("listen.stf.ready", true));
    }
}
