package org.daqhub.core.health;

import java.util.List;

/**
 * The answer of the health checks, in the shape of Felix Health Checks: one result per check with its tags and
 * what it found, and the worst of them overall.
 *
 * @param status OK, WARN or CRITICAL
 */
public record HealthReport(String status, List<Check> checks) {
    public static final List<String> ORDER = List.of("OK", "WARN", "CRITICAL");

    /** One check: what it looked at, its tags, its status and why. */
    public record Check(String name, List<String> tags, String status, List<String> reasons) {
    }

    static String worst(List<Check> checks) {
        int w = 0;
        for (Check c : checks) {
            w = Math.max(w, ORDER.indexOf(c.status()));
        }
        return ORDER.get(w);
    }

    public boolean critical() {
        return status.equals("CRITICAL");
    }
}
