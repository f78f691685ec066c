package org.daqhub.core.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.daqhub.api.notify.Notification;

/**
 * The routes as Alertmanager walks them: a notification enters the root; among a route's children (by order, then
 * name) the first that matches takes it, and the following ones too while the matching child says {@code continue};
 * a route none of whose children matched handles it itself. Grouping settings a route leaves out are its parent's.
 */
final class RouteTree {
    /** A route with its settings inherited: where a matched notification goes and how it is grouped. */
    record Route(String name, List<String> channels, List<String> groupBy, double groupWaitS, double groupIntervalS,
            double repeatIntervalS) {
        /** The group a notification joins on this route: the values of group.by, or its own key. */
        String groupKey(String key, Notification n) {
            if (groupBy.equals(RouteSpec.EACH_ALONE)) {
                return name + "|" + key;
            }
            StringBuilder b = new StringBuilder(name);
            for (String a : groupBy) {
                b.append('|').append(a).append('=').append(a.equals("severity") ? n.severity() : n.attributes().getOrDefault(a, ""));
            }
            return b.toString();
        }
    }

    private record Node(RouteSpec spec, Route route, List<Node> children) {
    }

    private final Node root;
    /** Routes not in the tree, with why (a parent that does not exist, a cycle). */
    final Map<String, String> orphans;

    RouteTree(RouteSpec rootSpec, List<RouteSpec> specs) {
        Map<String, List<RouteSpec>> byParent = new HashMap<>();
        for (RouteSpec s : specs) {
            byParent.computeIfAbsent(s.parent(), k -> new ArrayList<>()).add(s);
        }
        Map<String, String> left = new TreeMap<>();
        root = build(rootSpec, null, byParent, new java.util.HashSet<>());
        java.util.Set<String> placed = new java.util.HashSet<>();
        collect(root, placed);
        for (RouteSpec s : specs) {
            if (!placed.contains(s.name())) {
                left.put(s.name(), "its parent '" + s.parent() + "' is no route (or the routes form a cycle)");
            }
        }
        orphans = Map.copyOf(left);
    }

    private static Node build(RouteSpec spec, Route parent, Map<String, List<RouteSpec>> byParent, java.util.Set<String> seen) {
        seen.add(spec.name());
        // a route that names no channels sends to its parent's, as an Alertmanager route inherits its receiver
        List<String> channels = spec.channels().isEmpty() && parent != null ? parent.channels() : spec.channels();
        Route r = new Route(spec.name(), channels, spec.groupBy() != null ? spec.groupBy() : parent.groupBy(),
                spec.groupWaitS() != null ? spec.groupWaitS() : parent.groupWaitS(),
                spec.groupIntervalS() != null ? spec.groupIntervalS() : parent.groupIntervalS(),
                spec.repeatIntervalS() != null ? spec.repeatIntervalS() : parent.repeatIntervalS());
        List<Node> children = new ArrayList<>();
        List<RouteSpec> kids = new ArrayList<>(byParent.getOrDefault(spec.name(), List.of()));
        kids.sort(Comparator.comparingInt(RouteSpec::order).thenComparing(RouteSpec::name));
        for (RouteSpec k : kids) {
            if (!seen.contains(k.name())) {
                children.add(build(k, r, byParent, seen));
            }
        }
        return new Node(spec, r, List.copyOf(children));
    }

    private static void collect(Node n, java.util.Set<String> into) {
        into.add(n.spec().name());
        n.children().forEach(c -> collect(c, into));
    }

    /** The routes that handle {@code n}, in tree order. */
    List<Route> route(Notification n) {
        List<Route> out = new ArrayList<>();
        walk(root, n, out);
        return out;
    }

    private static void walk(Node node, Notification n, List<Route> out) {
        int before = out.size();
        for (Node c : node.children()) {
            if (c.spec().matchers().matches(n)) {
                walk(c, n, out);
                if (!c.spec().cont()) {
                    break;
                }
            }
        }
        if (out.size() == before) {
            out.add(node.route());
        }
    }

    /** The tree as lines, indented by depth: for daqhub:notify-routes and the log. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        describe(root, 0, lines);
        orphans.forEach((name, why) -> lines.add("(not in the tree) " + name + ": " + why));
        return lines;
    }

    private static void describe(Node n, int depth, List<String> lines) {
        RouteSpec s = n.spec();
        Route r = n.route();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("match", s.matchers().toString());
        parts.put("channels", String.join(",", r.channels()) + (s.channels().isEmpty() && s.parent() != null ? " (its parent's)" : ""));
        parts.put("group.by", String.join(",", r.groupBy()));
        parts.put("wait/interval/repeat", fmt(r.groupWaitS()) + "/" + fmt(r.groupIntervalS()) + "/" + fmt(r.repeatIntervalS()));
        if (s.cont()) {
            parts.put("continue", true);
        }
        StringBuilder b = new StringBuilder("  ".repeat(depth)).append(s.name());
        parts.forEach((k, v) -> b.append("  ").append(k).append('=').append(v));
        lines.add(b.toString());
        n.children().forEach(c -> describe(c, depth + 1, lines));
    }

    private static String fmt(double s) {
        return s == Math.rint(s) ? (long) s + "s" : s + "s";
    }
}
