package org.daqhub.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and validates a component's configuration properties. Values from {@code etc/*.cfg} arrive as
 * strings; every accessor converts and checks, and a bad value raises {@link InvalidConfigException}
 * naming the instance and the key, so the log says exactly what to fix.
 */
public final class Settings {
    private final Map<String, ?> props;
    private final String instance;

    private Settings(Map<String, ?> props) {
        this.props = props;
        this.instance = instanceName(props);
    }

    public static Settings of(Map<String, ?> props) {
        return new Settings(props);
    }

    /**
     * The instance name of a factory configuration: the part after the first {@code -} of the cfg file
     * name ({@code org.daqhub.store.csv-archive.cfg} gives {@code archive}), else the name after {@code ~}
     * in the PID, else the PID, else the component name.
     */
    public static String instanceName(Map<String, ?> props) {
        Object file = props.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            f = f.substring(f.lastIndexOf('/') + 1);
            int dash = f.indexOf('-');
            int dot = f.lastIndexOf('.');
            if (dash > 0 && dot > dash) {
                return f.substring(dash + 1, dot);
            }
        }
        Object pid = props.get("service.pid");
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.indexOf('~');
            return tilde >= 0 ? p.substring(tilde + 1) : p;
        }
        Object name = props.get("component.name");
        return name == null ? "unnamed" : name.toString();
    }

    public String instance() {
        return instance;
    }

    public boolean has(String key) {
        Object v = props.get(key);
        return v != null && !v.toString().trim().isEmpty();
    }

    public String string(String key, String def) {
        Object v = props.get(key);
        return v == null ? def : v.toString().trim();
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isEmpty()) {
            throw new InvalidConfigException(instance, key, null, "is required");
        }
        return v;
    }

    public boolean bool(String key, boolean def) {
        Object v = props.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidConfigException(instance, key, v, "is not true or false");
    }

    /** A number &gt;= {@code min}. */
    public double number(String key, double def, double min) {
        Object v = props.get(key);
        double d;
        if (v == null || v.toString().trim().isEmpty()) { // blank: what a form saves for an optional field
            return def;
        } else if (v instanceof Number) {
            d = ((Number) v).doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(instance, key, v, "is not a number");
            }
        }
        if (Double.isNaN(d) || d < min) {
            throw new InvalidConfigException(instance, key, v, "must be at least " + fmt(min));
        }
        return d;
    }

    /** A whole number &gt;= {@code min}. */
    public long integer(String key, long def, long min) {
        Object v = props.get(key);
        long n;
        if (v == null || v.toString().trim().isEmpty()) { // blank: what a form saves for an optional field
            return def;
        } else if (v instanceof Number && !(v instanceof Double || v instanceof Float)) {
            n = ((Number) v).longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(instance, key, v, "is not a whole number");
            }
        }
        if (n < min) {
            throw new InvalidConfigException(instance, key, v, "must be at least " + min);
        }
        return n;
    }

    /** A whole number within int range and &gt;= {@code min}. */
    public int intValue(String key, int def, int min) {
        long n = integer(key, def, min);
        if (n > Integer.MAX_VALUE) {
            throw new InvalidConfigException(instance, key, n, "is too large");
        }
        return (int) n;
    }

    /** A value parsed by {@code parser}; its exception message becomes the reason. */
    public <T> T parsed(String key, T def, Function<String, T> parser) {
        Object v = props.get(key);
        if (v == null || v.toString().trim().isEmpty()) {
            return def;
        }
        try {
            return parser.apply(v.toString().trim());
        } catch (RuntimeException e) {
            throw new InvalidConfigException(instance, key, v, e.getMessage() == null ? "is invalid" : e.getMessage());
        }
    }

    /** A directory; a relative path is resolved against {@code base} (normally the distribution's data/). */
    public java.nio.file.Path directory(String key, String def, java.nio.file.Path base) {
        String v = string(key, def);
        try {
            java.nio.file.Path p = java.nio.file.Paths.get(v);
            return p.isAbsolute() ? p : base.resolve(p);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidConfigException(instance, key, v, "is not a valid path");
        }
    }

    /** A plain file name (no directory part) or file name pattern. */
    public String fileName(String key, String def) {
        String v = string(key, def);
        if (v.isEmpty() || v.contains("/") || v.contains("\\")) {
            throw new InvalidConfigException(instance, key, v, "must be a plain file name (put directories in out.dir)");
        }
        return v;
    }

    /** One of the allowed values. */
    public String oneOf(String key, String def, String... allowed) {
        String v = string(key, def);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new InvalidConfigException(instance, key, v, "is not one of " + String.join(", ", allowed));
    }

    /** A comma-separated list (or a String[] / collection from a typed config). */
    /**
     * Topic patterns (a list); {@code def} when the key is not set. A pattern that can match no topic is an
     * InvalidConfigException naming the key and what would work ({@link org.daqhub.api.bus.TopicPattern#validate}).
     */
    public List<String> topicPatterns(String key, List<String> def) {
        List<String> out = has(key) ? list(key) : def;
        for (String t : out) {
            try {
                org.daqhub.api.bus.TopicPattern.validate(t);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(instance, key, t, e.getMessage());
            }
        }
        return out;
    }

    public List<String> list(String key) {
        Object v = props.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String[]) {
            for (String s : (String[]) v) {
                addParts(out, s);
            }
        } else if (v instanceof Collection) {
            for (Object s : (Collection<?>) v) {
                addParts(out, String.valueOf(s));
            }
        } else {
            addParts(out, v.toString());
        }
        return out;
    }

    private static void addParts(List<String> out, String s) {
        for (String p : s.split(",")) {
            if (!p.trim().isEmpty()) {
                out.add(p.trim());
            }
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
