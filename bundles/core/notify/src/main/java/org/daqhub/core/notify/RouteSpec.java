package org.daqhub.core.notify;

import java.util.List;
import java.util.Map;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/**
 * One route as configured (etc/org.daqhub.notify.route-<name>.cfg, or the root's {@code route.*} keys in
 * etc/org.daqhub.notify.cfg). A grouping setting left out (null) is the parent's, as in Alertmanager.
 *
 * @param groupBy attributes whose values make a group; {@code ...} alone: every notification a group of its own
 */
record RouteSpec(String name, String parent, int order, Matchers matchers, List<String> channels, boolean cont,
        List<String> groupBy, Double groupWaitS, Double groupIntervalS, Double repeatIntervalS) {
    static final String ROOT = "root";
    static final List<String> EACH_ALONE = List.of("...");

    static RouteSpec read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        Matchers.refuseUnknown(s, props);
        String name = s.instance();
        if (name.equals(ROOT)) {
            throw new InvalidConfigException(name, "service.pid", name, "'root' is the route of etc/org.daqhub.notify.cfg");
        }
        String parent = s.string("parent", ROOT);
        return new RouteSpec(name, parent, s.intValue("order", 100, 0), Matchers.read(s),
                s.has("channels") ? s.list("channels") : List.of(), s.bool("continue", false), groupBy(s, "group.by"),
                seconds(s, "group.wait.s"), seconds(s, "group.interval.s"), seconds(s, "repeat.interval.s"));
    }

    /** The root: every notification no child takes goes to {@code route.channels} (default: every channel). */
    static RouteSpec root(Map<String, ?> props) {
        Settings s = Settings.of(props);
        List<String> by = groupBy(s, "route.group.by");
        Double wait = seconds(s, "route.group.wait.s");
        Double interval = seconds(s, "route.group.interval.s");
        Double repeat = seconds(s, "route.repeat.interval.s");
        return new RouteSpec(ROOT, null, 0, Matchers.none(), s.has("route.channels") ? s.list("route.channels") : List.of("*"),
                false, by == null ? EACH_ALONE : by, wait == null ? 0.0 : wait, interval == null ? 300.0 : interval,
                repeat == null ? 14_400.0 : repeat);
    }

    private static List<String> groupBy(Settings s, String key) {
        if (!s.has(key)) {
            return null;
        }
        List<String> by = s.list(key).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        for (String a : by) {
            if (!a.equals("...") && !Matchers.ATTRIBUTES.contains(a)) {
                throw new InvalidConfigException(s.instance(), key, a, "is no attribute daqhub sets; one of "
                        + String.join(", ", Matchers.ATTRIBUTES) + ", or ... for no grouping");
            }
        }
        if (by.contains("...") && by.size() > 1) {
            throw new InvalidConfigException(s.instance(), key, String.join(",", by), "... stands alone");
        }
        return by;
    }

    private static Double seconds(Settings s, String key) {
        return s.has(key) ? s.number(key, 0, 0) : null;
    }
}
