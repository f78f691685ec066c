package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys of an instance's cfg that nobody reads: each is named with the nearest known key ("unknown key out_dir,
 * did you mean out.dir?"), so a typo does not silently leave a setting at its default. Known are the keys of
 * the component's metatype (its {@code @ObjectClassDefinition}), the keys the platform reads for every instance
 * (supervision, and for stores the runner's), and the framework's own ({@code service.*}, {@code felix.*}, ...).
 */
final class ConfigKeys {
    /** Read by the supervisor for every instance (SupervisionSettings, the driver's restart policy). */
    static final Set<String> SUPERVISION = Set.of("backoff.initial.ms", "backoff.factor", "backoff.max.ms", "backoff.reset.ms",
            "watchdog.timeout.ms", "stop.timeout.ms", "start.wait.ms", "drain.timeout.ms");
    static final Set<String> DRIVER_RUNNER = Set.of("restart");
    /** Read by the store runner (StoreSupervisor.create). */
    static final Set<String> STORE_RUNNER = Set.of("topics", "batch.size", "batch.max.bytes", "batch.linger.ms", "queue.capacity",
            "overflow", "spool.enabled", "spool.max.bytes", "spool.overflow");

    private ConfigKeys() {
    }

    /** One line per unknown key; empty when {@code declared} is null (the component has no metatype to check against). */
    static List<String> unknown(Map<String, Object> props, Set<String> declared, Set<String> platform) {
        List<String> out = new ArrayList<>();
        if (declared == null) {
            return out;
        }
        Set<String> known = new TreeSet<>(declared);
        known.addAll(SUPERVISION);
        known.addAll(platform);
        for (String key : new TreeSet<>(props.keySet())) {
            if (framework(key) || known.contains(key)) {
                continue;
            }
            String near = nearest(key, known);
            out.add("unknown key " + key + (near == null ? " (known: " + String.join(", ", new TreeSet<>(declared)) + ")"
                    : ", did you mean " + near + "?"));
        }
        return out;
    }

    private static boolean framework(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.startsWith(".") || key.equals("objectClass");
    }

    /** The known key closest by edit distance (dots and underscores alike), if it is close enough to be a typo. */
    static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.replace('_', '.').toLowerCase(java.util.Locale.ROOT);
        for (String candidate : known) {
            int d = distance(k, candidate.replace('_', '.').toLowerCase(java.util.Locale.ROOT));
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
