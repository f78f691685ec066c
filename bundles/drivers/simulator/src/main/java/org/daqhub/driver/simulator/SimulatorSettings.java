package org.daqhub.driver.simulator;

import java.util.List;
import java.util.Map;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/** Validated simulator settings; a bad value raises an error naming the key and the instance. */
record SimulatorSettings(String instance, double rate, boolean raw, int rows, List<String> columns, int frameSize,
        String stream, long runNumber, long failAfterFrames) {

    static SimulatorSettings read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String mode = s.oneOf("mode", "tabular", "tabular", "raw");
        List<String> columns = s.has("columns") ? s.list("columns") : List.of("value");
        for (String c : columns) {
            if (c.equals("sample") || c.equals("time_ns")) {
                throw new InvalidConfigException(s.instance(), "columns", c, "is reserved (the simulator adds sample and time_ns itself)");
            }
        }
        String stream = s.string("stream", "adc");
        if (stream.isEmpty() || stream.contains(" ") || stream.contains("*")) {
            throw new InvalidConfigException(s.instance(), "stream", stream, "must be a non-empty name without spaces or '*'");
        }
        return new SimulatorSettings(s.instance(), s.number("rate", 10, 0), mode.equals("raw"), s.intValue("rows", 10, 1),
                columns, s.intValue("frame.size", 1024, 8), stream, s.integer("run.number", 0, 0),
                s.integer("fail.after.frames", 0, 0));
    }
}
