package org.daqhub.driver.stfwatch;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.driver.DriverRunnerConfig;
import org.junit.jupiter.api.Test;

/** The metatype bnd generates from {@link StfWatchConfig} declares exactly the keys the driver and its runner read. */
class StfWatchMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheDriverReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(StfWatchConfig.class);
        Set<String> read = new TreeSet<>();
        StfWatchDriver.Config none = StfWatchDriver.read(recording(read,
                Map.of("service.pid", "org.daqhub.driver.stfwatch~t", "directories", "/daq/stf")));
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.removeAll(UnknownKeys.declared(DriverRunnerConfig.class)); // read by the driver runner
        assertEquals(declared, read);
        StfWatchDriver.Config form = StfWatchDriver.read(defaults(ocd, "service.pid", "org.daqhub.driver.stfwatch~t",
                "directories", "/daq/stf"));
        // path matchers have no equality: the defaults must match the same names
        for (StfWatchDriver.Config c : List.of(none, form)) {
            assertEquals(List.of(true, true, false), List.of(c.patterns().size() == 2,
                    c.patterns().stream().anyMatch(m -> m.matches(Path.of("a.STF"))),
                    c.patterns().stream().anyMatch(m -> m.matches(Path.of("a.txt")))));
        }
        assertEquals(new StfWatchDriver.Config(none.directories(), List.of(), none.intervalMillis(), none.lookbackMinutes(),
                none.fraction(), none.defaultRun(), none.baseUrl(), none.checksum(), none.machineState()),
                new StfWatchDriver.Config(form.directories(), List.of(), form.intervalMillis(), form.lookbackMinutes(),
                        form.fraction(), form.defaultRun(), form.baseUrl(), form.checksum(), form.machineState()));
    }
}
