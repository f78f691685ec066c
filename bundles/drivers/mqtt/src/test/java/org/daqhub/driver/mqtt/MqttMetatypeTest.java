package org.daqhub.driver.mqtt;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.driver.DriverRunnerConfig;
import org.junit.jupiter.api.Test;

/** The metatype bnd generates from {@link MqttConfig} declares exactly the keys the driver and its runner read. */
class MqttMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheDriverReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(MqttConfig.class);
        Set<String> read = new TreeSet<>();
        MqttSettings none = MqttSettings.read(recording(read, Map.of("service.pid", "org.daqhub.driver.mqtt~t", "mqtt.topics", "a/b", "columns", "v:/v")));
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.removeAll(UnknownKeys.declared(DriverRunnerConfig.class)); // read by the driver runner
        assertEquals(declared, read);
        assertEquals(none, MqttSettings.read(defaults(ocd, "service.pid", "org.daqhub.driver.mqtt~t", "mqtt.topics", "a/b", "columns", "v:/v")));
    }
}
