package org.daqhub.api.bus;

/**
 * Topic patterns. Topics are dot-separated ({@code data.detector1.adc}). A pattern is
 * <ul>
 * <li>{@code *} or empty: every topic;</li>
 * <li>{@code a.b.*}: every topic starting with {@code a.b.};</li>
 * <li>{@code a.b}: the topic {@code a.b} itself and everything below it ({@code a.b.c}), not {@code a.bc}.</li>
 * <li>{@code a.*.c}: a {@code *} inside the pattern stands for exactly one segment ({@code data.*.stf} matches
 * the stream {@code stf} of every driver instance); the rest of the pattern follows the rules above.</li>
 * </ul>
 */
public final class TopicPattern {
    private TopicPattern() {
    }

    public static boolean matches(String pattern, String topic) {
        if (pattern.isEmpty() || pattern.equals("*")) {
            return true;
        }
        int star = pattern.indexOf(".*.");
        if (star >= 0 || pattern.startsWith("*.")) {
            return matchesSegments(pattern, topic);
        }
        if (pattern.endsWith(".*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return topic.equals(pattern) || (topic.startsWith(pattern) && topic.charAt(pattern.length()) == '.');
    }

    private static boolean matchesSegments(String pattern, String topic) {
        String[] p = pattern.split("\\.", -1);
        String[] t = topic.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            boolean last = i == p.length - 1;
            if (last && p[i].equals("*")) {
                return t.length > i; // trailing ".*": one or more further segments
            }
            if (i >= t.length || !(p[i].equals("*") || p[i].equals(t[i]))) {
                return false;
            }
        }
        return true; // like "a.b": the topic itself and everything below it
    }

    /**
     * Refuses a pattern that can never match a topic, with what it would match instead: an empty segment
     * ({@code data.det1.}, {@code data..x}: topics have none), a {@code *} inside a segment ({@code data.det*}:
     * {@code *} stands for whole segments only), blanks.
     *
     * @throws IllegalArgumentException naming the mistake and a pattern that would work
     */
    public static void validate(String pattern) {
        if (pattern.isEmpty() || pattern.equals("*")) {
            return;
        }
        if (!pattern.strip().equals(pattern) || pattern.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("contains blanks, which no topic has");
        }
        String[] segments = pattern.split("\\.", -1);
        StringBuilder fixed = new StringBuilder();
        boolean emptySegment = false;
        String partialStar = null;
        for (String seg : segments) {
            if (seg.isEmpty()) {
                emptySegment = true;
                continue;
            }
            if (seg.contains("*") && !seg.equals("*")) {
                partialStar = seg;
                seg = "*";
            }
            fixed.append(fixed.length() == 0 ? "" : ".").append(seg);
        }
        if (emptySegment && pattern.endsWith(".")) {
            throw new IllegalArgumentException("ends with a dot, so it matches no topic; " + fixed
                    + ".* matches everything below " + fixed);
        }
        if (emptySegment) {
            throw new IllegalArgumentException("has an empty segment, so it matches no topic; did you mean " + fixed + "?");
        }
        if (partialStar != null) {
            throw new IllegalArgumentException("'" + partialStar + "': * stands for a whole segment only; did you mean "
                    + fixed + "?");
        }
    }

    /**
     * True if the pattern can match some topic at or below {@code prefix} (e.g. {@code data.detector1}, the
     * topics of one driver instance, whose streams are not known in advance).
     */
    public static boolean canMatchBelow(String pattern, String prefix) {
        if (pattern.isEmpty() || pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split("\\.", -1);
        String[] t = prefix.split("\\.", -1);
        for (int i = 0; i < Math.min(p.length, t.length); i++) {
            if (!p[i].equals("*") && !p[i].equals(t[i])) {
                return false;
            }
        }
        return true; // a shorter pattern covers everything below it, a longer one names a stream below the prefix
    }

    /** The literal prefix of a pattern, which a ZMQ subscription can use. */
    public static String prefix(String pattern) {
        if (pattern.equals("*")) {
            return "";
        }
        int star = pattern.indexOf('*');
        return star >= 0 ? pattern.substring(0, star) : pattern;
    }
}
