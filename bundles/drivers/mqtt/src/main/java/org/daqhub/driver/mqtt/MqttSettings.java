package org.daqhub.driver.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;

/** Validated MQTT driver settings; a bad value raises an error naming the key and the instance. */
record MqttSettings(String instance, String serverUri, String clientId, String username, String password, List<String> topics, int qos,
        boolean cleanSession, String format, List<JsonColumn> columns, int rows, long lingerMillis, int keepAliveSeconds, String stream) {

    static MqttSettings read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String uri = s.string("server.uri", "tcp://127.0.0.1:1883");
        if (!uri.matches("(tcp|ssl|ws|wss)://[^/\\s]+(:\\d+)?.*")) {
            throw new InvalidConfigException(s.instance(), "server.uri", uri, "is not tcp://host:port, ssl://host:port, ws:// or wss://");
        }
        List<String> topics = s.list("mqtt.topics");
        if (topics.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "mqtt.topics", null, "is needed: MQTT topic filters, e.g. sensors/+/temperature");
        }
        for (String t : topics) {
            String reason = filterProblem(t);
            if (reason != null) {
                throw new InvalidConfigException(s.instance(), "mqtt.topics", t, reason);
            }
        }
        int qos = s.intValue("qos", 1, 0);
        if (qos > 2) {
            throw new InvalidConfigException(s.instance(), "qos", qos, "must be 0 or 1");
        }
        if (qos == 2) { // Paho acknowledges a QoS 2 message before handing it over, and forgets it at a reconnect
            throw new InvalidConfigException(s.instance(), "qos", qos, "is not supported: a QoS 2 message in flight is lost "
                    + "when the driver reconnects; use 1 (at least once, nothing lost)");
        }
        String format = s.oneOf("format", "json", "json", "text", "raw");
        List<JsonColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String item : s.list("columns")) {
            JsonColumn c;
            try {
                c = JsonColumn.parse(item);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(s.instance(), "columns", item.trim(), e.getMessage());
            }
            if (!names.add(c.name())) {
                throw new InvalidConfigException(s.instance(), "columns", item.trim(), "names column " + c.name() + " a second time");
            }
            columns.add(c);
        }
        if (format.equals("json") && columns.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "columns", null, "is needed with format json: name:/json/pointer[:type], e.g. temperature:/temp");
        }
        if (!format.equals("json") && !columns.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "columns", String.join(",", s.list("columns")), "is only read with format json (format is " + format + ")");
        }
        String stream = s.string("stream", "mqtt");
        if (stream.isEmpty() || stream.contains(" ") || stream.contains("*")) {
            throw new InvalidConfigException(s.instance(), "stream", stream, "must be a non-empty name without spaces or '*'");
        }
        String clientId = s.string("client.id", "daqhub-" + s.instance());
        if (clientId.isEmpty() || clientId.length() > 65535) {
            throw new InvalidConfigException(s.instance(), "client.id", clientId, "must not be empty");
        }
        String user = s.string("username", "");
        return new MqttSettings(s.instance(), uri, clientId, user.isEmpty() ? null : user, s.string("password", ""),
                List.copyOf(topics), qos, s.bool("clean.session", false), format, List.copyOf(columns), s.intValue("rows", 1, 1),
                s.integer("linger.ms", 50, 0), s.intValue("keepalive.s", 30, 0), stream);
    }

    /** Why an MQTT topic filter is not one (MQTT 3.1.1, 4.7.1), or null. */
    static String filterProblem(String f) {
        if (f.isEmpty()) {
            return "is empty";
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return "can match nothing: # must be a whole level and the last one (e.g. sensors/#)";
            }
            if (l.contains("+") && !l.equals("+")) {
                return "can match nothing: + must be a whole level (e.g. sensors/+/temperature)";
            }
        }
        return null;
    }

    @Override
    public String toString() { // the record's own would print the password
        return "MqttSettings[" + instance + ", " + serverUri + ", " + topics + "]";
    }
}
