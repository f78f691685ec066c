package org.daqhub.api.bus;

/**
 * Topic patterns. Topics are dot-separated ({@code data.detector1.adc}). A pattern is
 * <ul>
 * <li>{@code *} or empty: every topic;</li>
 * <li>{@code a.b.*}: every topic starting with {@code a.b.};</li>
 * <li>{@code a.b}: the topic {@code a.b} itself and everything below it ({@code a.b.c}), not {@code a.bc}.</li>
 * </ul>
 */
public final class TopicPattern {
    private TopicPattern() {
    }

    public static boolean matches(String pattern, String topic) {
        if (pattern.isEmpty() || pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return topic.equals(pattern) || (topic.startsWith(pattern) && topic.charAt(pattern.length()) == '.');
    }

    /** The literal prefix of a pattern, which a ZMQ subscription can use. */
    public static String prefix(String pattern) {
        if (pattern.equals("*")) {
            return "";
        }
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }
}
