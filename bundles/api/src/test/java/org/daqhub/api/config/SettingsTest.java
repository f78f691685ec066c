package org.daqhub.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void instanceNameComesFromTheCfgFileName() {
        assertEquals("detector1", Settings.instanceName(Map.of(
                "felix.fileinstall.filename", "file:/opt/daqhub/etc/org.daqhub.driver.simulator-detector1.cfg",
                "service.pid", "org.daqhub.driver.simulator~detector1")));
        assertEquals("line-3", Settings.instanceName(Map.of(
                "felix.fileinstall.filename", "file:/x/org.daqhub.store.csv-line-3.cfg")));
        assertEquals("cam", Settings.instanceName(Map.of("service.pid", "org.daqhub.driver.camera~cam")));
    }

    @Test
    void badNumberNamesKeyAndInstance() {
        Settings s = Settings.of(Map.of("service.pid", "x~det1", "rate", "abc"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> s.number("rate", 1, 0));
        assertEquals("instance 'det1': rate='abc' is not a number", e.getMessage());
        assertEquals("rate", e.key());
    }

    @Test
    void negativeValueIsRejected() {
        Settings s = Settings.of(Map.of("service.pid", "x~det1", "frame.size", "-5"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> s.intValue("frame.size", 8, 8));
        assertEquals("instance 'det1': frame.size='-5' must be at least 8", e.getMessage());
    }

    @Test
    void valuesConvert() {
        Settings s = Settings.of(Map.of("a", "12", "b", " true ", "c", "x, y,,z", "d", 2.5));
        assertEquals(12, s.intValue("a", 0, 0));
        assertEquals(true, s.bool("b", false));
        assertEquals(List.of("x", "y", "z"), s.list("c"));
        assertEquals(2.5, s.number("d", 0, 0));
        assertEquals(7, s.integer("missing", 7, 0));
        assertThrows(InvalidConfigException.class, () -> s.integer("d", 0, 0));
        assertThrows(InvalidConfigException.class, () -> Settings.of(Map.of("b", "yes")).bool("b", false));
    }
}
