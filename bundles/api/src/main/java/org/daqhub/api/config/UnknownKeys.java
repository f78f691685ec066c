package org.daqhub.api.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys of a configuration that nobody reads, each named with the nearest known key ("unknown key out_dir, did you
 * mean out.dir?"), so a typo does not silently leave a setting at its default. The framework's own keys
 * ({@code service.*}, {@code felix.*}, ...) are never unknown.
 */
public final class UnknownKeys {
    private UnknownKeys() {
    }

    /** One message per key of {@code props} that is neither in {@code known} nor the framework's. */
    public static List<String> of(Map<String, ?> props, Set<String> known) {
        return of(props, known, known);
    }

    /** As {@link #of(Map, Set)}; a key with no near one is answered with {@code listed}, the keys worth showing. */
    public static List<String> of(Map<String, ?> props, Set<String> known, Set<String> listed) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(props.keySet())) {
            if (framework(key) || known.contains(key)) {
                continue;
            }
            String near = nearest(key, known);
            out.add("unknown key " + key + (near == null ? " (known: " + String.join(", ", new TreeSet<>(listed)) + ")"
                    : ", did you mean " + near + "?"));
        }
        return out;
    }

    /**
     * The keys a component property type declares, by the DS/metatype name mapping of its methods ({@code max_skew_s}
     * → {@code max.skew.s}, {@code a__b} → {@code a_b}, {@code a$_$b} → {@code a-b}).
     */
    public static Set<String> declared(Class<?> type) {
        Set<String> out = new TreeSet<>();
        // an annotation's own elements, or an interface's methods with those it inherits (as bnd reads them)
        for (Method m : type.isAnnotation() ? type.getDeclaredMethods() : type.getMethods()) {
            out.add(m.getName().replace("$_$", "-").replace("$$", "\u0000").replace("$", "").replace("__", "\u0001")
                    .replace('_', '.').replace('\u0001', '_').replace('\u0000', '$'));
        }
        return out;
    }

    public static boolean framework(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.startsWith(".") || key.equals("objectClass");
    }

    /** The known key closest by edit distance (dots and underscores alike), if it is close enough to be a typo. */
    public static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.replace('_', '.').toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int d = distance(k, candidate.replace('_', '.').toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
