package org.daqhub.driver.modbus;

import java.util.Locale;

/** One configured value: where it lives on the device, how its registers decode, and its column. */
record RegisterSpec(String name, Area area, int address, Type type, double scale, double offset) {

    /** The four Modbus data tables. */
    enum Area {
        HOLDING(125), INPUT(125), COIL(2000), DISCRETE(2000);

        /** Most registers or bits one request may read (Modbus application protocol 1.1b3, 6.1-6.4). */
        final int maxPerRequest;

        Area(int maxPerRequest) {
            this.maxPerRequest = maxPerRequest;
        }

        boolean bits() {
            return this == COIL || this == DISCRETE;
        }
    }

    enum Type {
        INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), BOOL(1);

        final int width;

        Type(int width) {
            this.width = width;
        }
    }

    /** Reads {@code name:area:address:type[:scale[:offset]]}; the message of the exception names the part that is wrong. */
    static RegisterSpec parse(String spec) {
        String[] p = spec.trim().split(":", -1);
        if (p.length < 3 || p.length > 6) {
            throw new IllegalArgumentException("is not name:area:address:type[:scale[:offset]]");
        }
        String name = p[0].trim();
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("column name '" + name + "' must start with a letter and hold letters, digits, _ . -");
        }
        if (name.equals("time_ns")) {
            throw new IllegalArgumentException("time_ns is reserved (the driver adds the poll time itself)");
        }
        Area area;
        try {
            area = Area.valueOf(p[1].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("area '" + p[1] + "' is not holding, input, coil or discrete");
        }
        int address;
        try {
            address = Integer.parseInt(p[2].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + p[2] + "' is not a whole number");
        }
        Type type;
        String typeText = p.length > 3 ? p[3].trim() : (area.bits() ? "bool" : "uint16");
        try {
            type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type '" + typeText + "' is not int16, uint16, int32, uint32, float32 or bool");
        }
        if (area.bits() != (type == Type.BOOL)) {
            throw new IllegalArgumentException("" + (area.bits() ? area.name().toLowerCase(Locale.ROOT) + "s are bool"
                    : "bool is for coils and discrete inputs, registers are int16, uint16, int32, uint32 or float32"));
        }
        if (address < 0 || address + type.width > 65536) {
            throw new IllegalArgumentException("address " + address + " is outside 0.." + (65536 - type.width));
        }
        double scale = p.length > 4 ? number("scale", p[4]) : 1;
        double offset = p.length > 5 ? number("offset", p[5]) : 0;
        if ((scale != 1 || offset != 0) && type == Type.BOOL) {
            throw new IllegalArgumentException("a bool has no scale or offset");
        }
        return new RegisterSpec(name, area, address, type, scale, offset);
    }

    private static double number(String what, String text) {
        try {
            double d = Double.parseDouble(text.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("" + what + " '" + text + "' is not a finite number");
    }

    /** True when the value is stored as raw*scale+offset in a float64 column rather than in its own type. */
    boolean scaled() {
        return scale != 1 || offset != 0;
    }
}
