package org.daqhub.driver.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.daqhub.api.Table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns MQTT messages into table rows: {@code time_ns} (arrival), {@code topic}, then either the configured JSON
 * columns or {@code payload} (text format). A message that does not fit (not JSON, a pointer with no value, a
 * value of another type) is refused with the reason; the driver logs and skips it.
 */
final class MessageRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonColumn> columns;
    private final boolean text;
    private final int capacity;
    private long[] times;
    private String[] topics;
    private Object[] values;
    private int row;

    MessageRows(List<JsonColumn> columns, boolean text, int capacity) {
        this.columns = columns;
        this.text = text;
        this.capacity = capacity;
        allocate();
    }

    private void allocate() {
        times = new long[capacity];
        topics = new String[capacity];
        values = new Object[text ? 1 : columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = text ? new String[capacity] : switch (columns.get(i).type()) {
                case FLOAT64 -> new double[capacity];
                case INT64 -> new long[capacity];
                case STRING -> new String[capacity];
            };
        }
        row = 0;
    }

    int rows() {
        return row;
    }

    boolean full() {
        return row == capacity;
    }

    /** Adds the message as a row, or returns why it cannot be one (nothing is added then). */
    String add(String topic, byte[] payload, long epochNanos) {
        if (text) {
            ((String[]) values[0])[row] = new String(payload, StandardCharsets.UTF_8);
        } else {
            JsonNode doc;
            try {
                doc = JSON.readTree(payload);
            } catch (java.io.IOException e) {
                return "payload is not JSON (" + firstLine(e.getMessage()) + ")";
            }
            if (doc == null) {
                return "payload is empty";
            }
            // check every column before writing any, so a refused message leaves no half row
            for (JsonColumn c : columns) {
                String problem = problem(c, doc.at(c.pointer()));
                if (problem != null) {
                    return problem;
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                JsonColumn c = columns.get(i);
                JsonNode v = doc.at(c.pointer());
                switch (c.type()) {
                    case FLOAT64 -> ((double[]) values[i])[row] = v.asDouble();
                    case INT64 -> ((long[]) values[i])[row] = v.asLong();
                    case STRING -> ((String[]) values[i])[row] = v.isTextual() ? v.textValue() : v.toString();
                }
            }
        }
        times[row] = epochNanos;
        topics[row] = topic;
        row++;
        return null;
    }

    private static String problem(JsonColumn c, JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "no value at " + c.pointer() + " (column " + c.name() + ")";
        }
        boolean fits = switch (c.type()) {
            case FLOAT64 -> v.isNumber();
            case INT64 -> v.isIntegralNumber() && v.canConvertToLong();
            case STRING -> v.isValueNode();
        };
        if (!fits) {
            return "value at " + c.pointer() + " is " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + (v.isValueNode() ? " " + v : "") + ", column " + c.name() + " is " + c.type().name().toLowerCase(java.util.Locale.ROOT);
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The rows added so far as a table (then empty again); null when there are none. */
    Table take() {
        if (row == 0) {
            return null;
        }
        int n = row;
        Table.Builder b = Table.builder().addInt64("time_ns", trim(times, n)).addString("topic", trim(topics, n));
        if (text) {
            b.addString("payload", trim((String[]) values[0], n));
        } else {
            for (int i = 0; i < columns.size(); i++) {
                Object a = values[i];
                String name = columns.get(i).name();
                if (a instanceof double[] d) {
                    b.addFloat64(name, n == capacity ? d : java.util.Arrays.copyOf(d, n));
                } else if (a instanceof long[] l) {
                    b.addInt64(name, n == capacity ? l : java.util.Arrays.copyOf(l, n));
                } else {
                    b.addString(name, trim((String[]) a, n));
                }
            }
        }
        allocate(); // the table keeps its arrays
        return b.build();
    }

    private static long[] trim(long[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static String[] trim(String[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }
}
