package org.daqhub.core.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.notify.Notification;

/**
 * What a route or a silence matches: per attribute a list of globs ({@code *}, {@code ?}), any of which may match;
 * every attribute named must match. {@code severity} is the notification's own; the others are the attributes
 * daqhub's producers set, so a matcher on anything else (which could never match) is refused.
 */
record Matchers(Map<String, List<String>> globs) {
    static final List<String> ATTRIBUTES = List.of("severity", "event_type", "instance", "kind", "state", "priority",
            "workset_id", "cluster_name", "error_category", "alert", "status");

    Matchers {
        globs = Map.copyOf(globs);
    }

    static Matchers none() {
        return new Matchers(Map.of());
    }

    /** {@code match.<attribute>} keys of a cfg. */
    static Matchers read(Settings s) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String a : ATTRIBUTES) {
            if (s.has("match." + a)) {
                List<String> values = s.list("match." + a).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
                if (!values.isEmpty()) {
                    m.put(a, values);
                }
            }
        }
        return new Matchers(m);
    }

    /** attribute=glob|glob pairs as an operator types them (shell, REST); an attribute daqhub never sets is refused. */
    static Matchers parse(Map<String, String> pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        pairs.forEach((k, v) -> {
            if (!ATTRIBUTES.contains(k)) {
                throw new IllegalArgumentException("'" + k + "' is no attribute daqhub sets; one of " + String.join(", ", ATTRIBUTES));
            }
            List<String> values = new ArrayList<>();
            for (String g : v.split("[|,]")) {
                if (!g.isBlank()) {
                    values.add(g.trim());
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("matcher '" + k + "' has no value");
            }
            m.put(k, values);
        });
        return new Matchers(m);
    }

    static void refuseUnknown(Settings s, Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (key.startsWith("match.") && !ATTRIBUTES.contains(key.substring(6))) {
                throw new InvalidConfigException(s.instance(), key, String.valueOf(props.get(key)),
                        "matches an attribute daqhub never sets; match.<one of " + String.join(", ", ATTRIBUTES) + ">");
            }
        }
    }

    boolean matches(Notification n) {
        for (Map.Entry<String, List<String>> e : globs.entrySet()) {
            String v = e.getKey().equals("severity") ? n.severity() : n.attributes().get(e.getKey());
            if (v == null || e.getValue().stream().noneMatch(g -> glob(g).matcher(v).matches())) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            b.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(b.toString());
    }

    boolean isEmpty() {
        return globs.isEmpty();
    }

    @Override
    public String toString() {
        if (globs.isEmpty()) {
            return "everything";
        }
        List<String> parts = new ArrayList<>();
        globs.forEach((k, v) -> parts.add(k + "=" + String.join("|", v)));
        return String.join(", ", parts);
    }
}
