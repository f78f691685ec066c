package org.daqhub.monitor.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Indexes each batch of monitoring events with one {@code POST <url>/_bulk} (newline-delimited JSON) into
 * {@code <prefix>-YYYY.MM.DD}, the event's UTC day. Every document has a fixed {@code _id} (the idempotency key,
 * else a hash of the event), so a batch sent again after a failure overwrites instead of duplicating. A refused
 * request, or items refused with 429 or 5xx, fail the batch (it is spooled and retried); items refused for good
 * (a mapping conflict, 400) are logged and counted, as retrying cannot help them.
 */
@Component(name = "org.daqhub.monitor.elasticsearch", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "integration.name=elasticsearch")
@Designate(ocd = ElasticsearchConfig.class)
public class ElasticsearchIntegration implements MonitoringIntegration {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchIntegration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    // Elasticsearch's rules for index names: lower case, none of \ / * ? " < > | , # : or space, not starting with - _ +
    private static final Pattern INDEX_PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private URI bulk;
    private String prefix;
    private String authorization;
    private Duration timeout;
    private HttpClient http;
    final AtomicLong indexed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    /** The cfg, validated; {@code authorization} is the header's value, null for none. */
    record Config(URI bulk, String prefix, String authorization, Duration timeout) {
    }

    @Activate
    public void activate(Map<String, Object> props) {
        Config c = read(props);
        bulk = c.bulk();
        prefix = c.prefix();
        authorization = c.authorization();
        timeout = c.timeout();
        http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String u = s.string("url", "http://127.0.0.1:9200");
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new InvalidConfigException(s.instance(), "url", u, "must start with http:// or https://");
        }
        URI bulk = URI.create(u.endsWith("/") ? u + "_bulk" : u + "/_bulk");
        String prefix = s.string("index.prefix", "daqhub-events");
        if (!INDEX_PREFIX.matcher(prefix).matches() || prefix.length() > 200) {
            throw new InvalidConfigException(s.instance(), "index.prefix", prefix,
                    "must be lower case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String user = s.string("username", "");
        String apiKey = s.string("api.key", "");
        if (!user.isEmpty() && !apiKey.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "api.key", "(set)", "give either username/password or api.key");
        }
        String authorization = !apiKey.isEmpty() ? "ApiKey " + apiKey
                : !user.isEmpty() ? "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + s.string("password", "")).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Config(bulk, prefix, authorization, Duration.ofSeconds(s.intValue("timeout.s", 30, 1)));
    }

    /** The index of an event: prefix and its UTC day. */
    String index(MonitoringEvent e) {
        return prefix + "-" + DAY.format(e.time());
    }

    /** The NDJSON body: an action line and a document line per event, each line ending in a newline. */
    String body(List<MonitoringEvent> events) {
        StringBuilder sb = new StringBuilder(events.size() * 400);
        for (MonitoringEvent e : events) {
            ObjectNode doc = JSON.valueToTree(e.toMap());
            doc.put("@timestamp", e.time().toString()); // what Kibana's time filter looks for
            String source = doc.toString();
            ObjectNode action = JSON.createObjectNode();
            action.putObject("index").put("_index", index(e)).put("_id", id(e, source));
            sb.append(action).append('\n').append(source).append('\n');
        }
        return sb.toString();
    }

    private static String id(MonitoringEvent e, String source) {
        Object key = e.attributes().get("idempotency_key");
        if (key != null) {
            return key.toString();
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(source.getBytes(StandardCharsets.UTF_8)), 0, 20);
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        if (events.isEmpty()) {
            return;
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(bulk).timeout(timeout)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body(events)));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("Elasticsearch " + bulk + " answered " + resp.statusCode() + ": " + reason(resp.body()));
        }
        JsonNode answer = JSON.readTree(resp.body());
        if (!answer.path("errors").asBoolean(false)) {
            indexed.addAndGet(events.size());
            return;
        }
        int retriable = 0;
        int refused = 0;
        String firstRetriable = null;
        for (JsonNode item : answer.path("items")) {
            JsonNode result = item.elements().hasNext() ? item.elements().next() : JSON.missingNode();
            int status = result.path("status").asInt(200);
            if (status == 429 || status >= 500) {
                retriable++;
                if (firstRetriable == null) {
                    firstRetriable = status + " " + result.path("error").path("reason").asText("");
                }
            } else if (status >= 300) {
                refused++;
                LOG.warn("Elasticsearch refused document {} in {}: {} {}", result.path("_id").asText(),
                        result.path("_index").asText(), status, result.path("error").path("reason").asText(""));
            }
        }
        rejected.addAndGet(refused);
        if (retriable > 0) {
            // the whole batch again: the documents already indexed are overwritten under the same _id
            throw new IOException("Elasticsearch could not index " + retriable + " of " + events.size()
                    + " events for now (" + firstRetriable + ")");
        }
        indexed.addAndGet(events.size() - refused);
    }

    @Override
    public long refused() {
        return rejected.get();
    }

    private static String reason(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode reason = n.path("error").path("reason");
            if (!reason.isMissingNode()) {
                return reason.asText();
            }
        } catch (IOException e) {
            // not JSON: the raw text below
        }
        return body.substring(0, Math.min(200, body.length()));
    }
}
