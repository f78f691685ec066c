package org.daqhub.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.notify.Notification;
import org.daqhub.metatype.MetatypeCheck;
import org.junit.jupiter.api.Test;

/** The route tree walked as Alertmanager walks it, inheritance of grouping, and configuration mistakes named. */
class RouteTreeTest {
    static RouteSpec route(String name, Object... kv) {
        Map<String, Object> p = new HashMap<>(Map.of("service.pid", "org.daqhub.notify.route~" + name));
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return RouteSpec.read(p);
    }

    static Notification note(String severity, String... attrs) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < attrs.length; i += 2) {
            a.put(attrs[i], attrs[i + 1]);
        }
        return new Notification(severity, "s", "", Instant.now(), a);
    }

    static List<String> names(RouteTree t, Notification n) {
        return t.route(n).stream().map(RouteTree.Route::name).toList();
    }

    final RouteTree tree = new RouteTree(RouteSpec.root(Map.of("route.channels", "email-all", "route.group.wait.s", "30")),
            List.of(route("pager", "order", "10", "match.severity", "critical", "channels", "pager", "continue", "true"),
                    route("linear", "order", "20", "match.event_type", "error,completion", "channels", "linear",
                            "group.by", "event_type"),
                    route("worksets", "order", "30", "match.workset_id", "ws-*", "channels", "slack"),
                    route("urgent-worksets", "parent", "worksets", "match.priority", "urgent", "channels", "pager",
                            "group.wait.s", "0"),
                    route("lost", "parent", "nowhere", "channels", "x")));

    @Test
    void theFirstMatchingChildTakesItContinueGoesOnAndNoMatchStaysAtTheParent() {
        assertEquals(List.of("root"), names(tree, note("info", "event_type", "state_change")));
        assertEquals(List.of("linear"), names(tree, note("warning", "event_type", "error", "workset_id", "ws-1")),
                "linear matched first and does not continue: worksets is not tried");
        assertEquals(List.of("pager", "linear"), names(tree, note("critical", "event_type", "completion")), "pager continues");
        assertEquals(List.of("worksets"), names(tree, note("warning", "event_type", "retry", "workset_id", "ws-9")));
        assertEquals(List.of("urgent-worksets"), names(tree, note("info", "workset_id", "ws-9", "priority", "urgent")),
                "a matching grandchild handles it instead of its parent");
    }

    @Test
    void groupingSettingsLeftOutAreTheParents() {
        RouteTree.Route linear = tree.route(note("info", "event_type", "error")).get(0);
        assertEquals(30.0, linear.groupWaitS(), "from the root");
        assertEquals(List.of("event_type"), linear.groupBy());
        assertEquals("linear|event_type=error", linear.groupKey("k1", note("info", "event_type", "error")));
        RouteTree.Route urgent = tree.route(note("info", "workset_id", "ws-1", "priority", "urgent")).get(0);
        assertEquals(0.0, urgent.groupWaitS());
        assertEquals("urgent-worksets|k7", urgent.groupKey("k7", note("info")), "the root's ...: each notification alone");
        assertEquals(300.0, urgent.groupIntervalS());
    }

    @Test
    void aRouteWhoseParentIsMissingIsReportedNotSilentlyDropped() {
        assertEquals(Set.of("lost"), tree.orphans.keySet());
        assertTrue(tree.describe().stream().anyMatch(l -> l.contains("lost") && l.contains("nowhere")), tree.describe().toString());
    }

    @Test
    void mistakesNameTheirKey() {
        assertEquals("match.hostname", assertThrows(InvalidConfigException.class, () -> route("x", "match.hostname", "a")).key());
        assertEquals("group.by", assertThrows(InvalidConfigException.class, () -> route("x", "group.by", "colour")).key());
        assertEquals("service.pid", assertThrows(InvalidConfigException.class, () -> route("root")).key());
        assertThrows(IllegalArgumentException.class, () -> Matchers.parse(Map.of("hostname", "a")));
    }

    @Test
    void globsMatchAndEveryAttributeMustMatch() {
        Matchers m = Matchers.parse(Map.of("instance", "sim-*|daq?", "severity", "warning"));
        assertTrue(m.matches(note("warning", "instance", "sim-7")));
        assertTrue(m.matches(note("warning", "instance", "daq1")));
        assertTrue(!m.matches(note("critical", "instance", "sim-7")));
        assertTrue(!m.matches(note("warning", "instance", "daq12")));
        assertTrue(!m.matches(note("warning")), "an attribute the notification lacks does not match");
    }

    @Test
    void theRouteMetatypeDeclaresExactlyTheKeysARouteReads() throws Exception {
        Set<String> read = new TreeSet<>();
        RouteSpec.read(MetatypeCheck.recording(read, Map.of("service.pid", "org.daqhub.notify.route~r")));
        Set<String> declared = new TreeSet<>(MetatypeCheck.metatype(RouteConfig.class).keySet());
        assertEquals(declared, read);
    }
}
