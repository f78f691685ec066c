package org.daqhub.api.http;

import java.util.Set;

/**
 * The three roles of daqhub's HTTP surface, each including the ones before it: {@link #VIEWER} reads (GET),
 * {@link #OPERATOR} also writes domain data (events, STF files, subscribers, ...), {@link #ADMIN} also
 * configuration and tokens. A route needs viewer for GET and HEAD and operator otherwise, unless its resource
 * method says {@code @RolesAllowed}. Karaf's own {@code admin} role (the web console's) counts as admin.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** In order: a role includes every role before it. */
    public static final java.util.List<String> ALL = java.util.List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    /** Whether someone holding {@code held} may act as {@code needed}. */
    public static boolean grants(Set<String> held, String needed) {
        int need = ALL.indexOf(needed);
        if (need < 0) {
            return held.contains(needed); // a role outside the three: exactly that one
        }
        for (String h : held) {
            if (ALL.indexOf(h) >= need) {
                return true;
            }
        }
        return false;
    }
}
