package org.daqhub.driver.modbus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/** Validated Modbus driver settings; a bad value raises an error naming the key and the instance. */
record ModbusSettings(String instance, String host, int port, int unitId, List<RegisterSpec> registers, boolean bigEndianWords,
        double rate, int rows, int timeoutMillis, String stream) {

    static ModbusSettings read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String host = s.string("host", "127.0.0.1");
        if (host.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "host", host, "is empty");
        }
        int port = s.intValue("port", 502, 1);
        if (port > 65535) {
            throw new InvalidConfigException(s.instance(), "port", port, "is not a TCP port (1..65535)");
        }
        int unit = s.intValue("unit.id", 1, 0);
        if (unit > 255) {
            throw new InvalidConfigException(s.instance(), "unit.id", unit, "must be 0..255");
        }
        if (!s.has("registers")) {
            throw new InvalidConfigException(s.instance(), "registers", "", "is needed: name:area:address:type, e.g. temperature:holding:0:int16");
        }
        List<RegisterSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String item : s.list("registers")) {
            RegisterSpec r;
            try {
                r = RegisterSpec.parse(item);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(s.instance(), "registers", item.trim(), e.getMessage());
            }
            if (!names.add(r.name())) {
                throw new InvalidConfigException(s.instance(), "registers", item, "names column " + r.name() + " a second time");
            }
            specs.add(r);
        }
        String stream = s.string("stream", "registers");
        if (stream.isEmpty() || stream.contains(" ") || stream.contains("*")) {
            throw new InvalidConfigException(s.instance(), "stream", stream, "must be a non-empty name without spaces or '*'");
        }
        return new ModbusSettings(s.instance(), host, port, unit, List.copyOf(specs),
                s.oneOf("word.order", "big", "big", "little").equals("big"), s.number("rate", 10, 0), s.intValue("rows", 1, 1),
                s.intValue("timeout.ms", 3000, 1), stream);
    }
}
