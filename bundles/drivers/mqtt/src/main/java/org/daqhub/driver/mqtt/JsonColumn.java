package org.daqhub.driver.mqtt;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonPointer;

/** One column picked from a JSON payload: {@code name:/pointer[:type]}. */
record JsonColumn(String name, JsonPointer pointer, Type type) {
    enum Type {
        FLOAT64, INT64, STRING
    }

    static JsonColumn parse(String spec) {
        String s = spec.trim();
        int first = s.indexOf(':');
        if (first <= 0) {
            throw new IllegalArgumentException("is not name:/json/pointer[:type]");
        }
        String name = s.substring(0, first).trim();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("column name '" + name + "' must start with a letter and hold letters, digits, _ . -");
        }
        if (name.equals("time_ns") || name.equals("topic")) {
            throw new IllegalArgumentException(name + " is reserved (the driver adds time_ns and topic itself)");
        }
        String rest = s.substring(first + 1).trim();
        Type type = Type.FLOAT64;
        int last = rest.lastIndexOf(':');
        if (last >= 0) {
            String t = rest.substring(last + 1).trim();
            try {
                type = Type.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("type '" + t + "' is not float64, int64 or string");
            }
            rest = rest.substring(0, last).trim();
        }
        if (!rest.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer '" + rest + "' must start with / (RFC 6901, e.g. /sensor/temp)");
        }
        try {
            return new JsonColumn(name, JsonPointer.compile(rest), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JSON pointer '" + rest + "': " + e.getMessage());
        }
    }
}
