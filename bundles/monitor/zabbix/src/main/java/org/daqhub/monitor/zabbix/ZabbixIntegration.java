package org.daqhub.monitor.zabbix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Each monitoring event becomes one value of a Zabbix trapper item, sent with the sender protocol (as
 * {@code zabbix_sender} does): key {@code <prefix>.<entity>.<kind>} (daqhub.job.finished), value the event's
 * {@code duration_s} when it has one, else 1, clock the event's time. A server that cannot be reached or answers
 * anything but success fails the batch (spooled, retried); values it "failed" (no such item, wrong host, item
 * disabled) are logged and counted, as sending them again cannot help.
 */
@Component(name = "org.daqhub.monitor.zabbix", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "integration.name=zabbix")
@Designate(ocd = ZabbixConfig.class)
public class ZabbixIntegration implements MonitoringIntegration {
    private static final Logger LOG = LoggerFactory.getLogger(ZabbixIntegration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INFO = Pattern.compile("processed: (\\d+); failed: (\\d+)");
    private static final Pattern KEY_PART = Pattern.compile("[0-9A-Za-z_.-]+"); // Zabbix item key characters

    private String server;
    private int port;
    private String host;
    private String prefix;
    private int batchSize;
    private int timeoutMillis;
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        server = s.string("server", "127.0.0.1");
        port = s.intValue("port", 10051, 1);
        if (port > 65535) {
            throw new InvalidConfigException(s.instance(), "port", port, "must be 1..65535");
        }
        host = s.string("host", "daqhub");
        if (host.isBlank() || host.length() > 128) {
            throw new InvalidConfigException(s.instance(), "host", host, "must be the Zabbix host name (1..128 characters)");
        }
        prefix = s.string("key.prefix", "daqhub");
        if (!KEY_PART.matcher(prefix).matches()) {
            throw new InvalidConfigException(s.instance(), "key.prefix", prefix, "may hold only 0-9 a-z A-Z _ - .");
        }
        batchSize = s.intValue("batch.size", 250, 1);
        timeoutMillis = s.intValue("timeout.s", 10, 1) * 1000;
    }

    /** The item key of an event: prefix.entity.kind, other characters than Zabbix allows in a key as '_'. */
    String key(MonitoringEvent e) {
        return prefix + "." + e.entity().replaceAll("[^0-9A-Za-z_-]", "_") + "." + e.kind().replaceAll("[^0-9A-Za-z_-]", "_");
    }

    static String value(MonitoringEvent e) {
        Object d = e.attributes().get("duration_s");
        return d instanceof Number n ? String.valueOf(n.doubleValue()) : "1";
    }

    /** The "sender data" request: one value per event with the event's clock. */
    String request(List<MonitoringEvent> events) {
        ObjectNode req = JSON.createObjectNode();
        req.put("request", "sender data");
        ArrayNode data = req.putArray("data");
        for (MonitoringEvent e : events) {
            data.addObject().put("host", host).put("key", key(e)).put("value", value(e))
                    .put("clock", e.time().getEpochSecond()).put("ns", e.time().getNano());
        }
        long now = System.currentTimeMillis();
        req.put("clock", now / 1000).put("ns", (now % 1000) * 1_000_000);
        return req.toString();
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        for (int from = 0; from < events.size(); from += batchSize) {
            send(events.subList(from, Math.min(events.size(), from + batchSize)));
        }
    }

    @Override
    public long refused() {
        return failed.get();
    }

    private void send(List<MonitoringEvent> events) throws IOException {
        String answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            ZabbixSenderProtocol.write(socket.getOutputStream(), request(events));
            answer = ZabbixSenderProtocol.read(socket.getInputStream());
        }
        JsonNode n = JSON.readTree(answer);
        String info = n.path("info").asText("");
        if (!"success".equals(n.path("response").asText())) {
            throw new IOException("Zabbix " + server + ":" + port + " answered " + n.path("response").asText("?") + ": " + info);
        }
        Matcher m = INFO.matcher(info);
        if (!m.find()) {
            throw new IOException("Zabbix " + server + ":" + port + ": unexpected answer " + answer);
        }
        processed.addAndGet(Long.parseLong(m.group(1)));
        long notTaken = Long.parseLong(m.group(2));
        if (notTaken > 0) {
            failed.addAndGet(notTaken);
            LOG.warn("Zabbix {}:{} did not take {} of {} values (host '{}', keys {}): is each key a trapper item of that "
                    + "host, enabled?", server, port, notTaken, events.size(), host,
                    events.stream().map(this::key).distinct().limit(10).toList());
        }
    }
}
