package org.daqhub.notify.linear;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.ChannelRegistry;
import org.daqhub.api.notify.DeliveryException;
import org.daqhub.api.notify.Notification;
import org.daqhub.api.notify.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * etc/org.daqhub.notify.linear-<name>.cfg: each notification as one Linear issue, with the seed's priorities (an
 * urgent workset 1, an error 2, anything else 3). Linear has no idempotency key, so the issue's description carries
 * a marker derived from the notification key and a retry first asks Linear for an issue with that marker: a send
 * whose answer was lost does not make a second issue. Linear's RATELIMITED error (and HTTP 429, 5xx) is retried,
 * waiting until the reset time Linear names; an authentication, permission or input error is final.
 */
@Component(name = "org.daqhub.notify.linear", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = LinearChannelConfig.class, factory = true)
public class LinearChannel implements NotificationChannel {
    static final String CREATE = "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) "
            + "{ success issue { id identifier url } } }";
    static final String FIND = "query IssueByMarker($marker: String!) { issues(filter: { description: { contains: $marker } }, "
            + "first: 1) { nodes { id identifier } } }";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;
    private final HttpClient http;

    record Config(URI url, String apiKey, String teamId, List<String> labelIds, Duration timeout) {
        @Override
        public String toString() {
            return "Config[url=" + url + ", apiKey=(secret), teamId=" + teamId + ", labelIds=" + labelIds + "]";
        }
    }

    private ChannelRegistry.Attachment attachment;

    /** As DS starts it: attached to the delivery, not registered as a service (whose properties anyone can list). */
    @Activate
    public LinearChannel(@Reference ChannelRegistry registry, Map<String, Object> props) {
        this(props);
        attachment = registry.attach(this, props);
    }

    @Deactivate
    void deactivate() {
        attachment.close();
    }

    /** Without a container (tests, tools). */
    public LinearChannel(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(LinearChannelConfig.class))) {
            LoggerFactory.getLogger(LinearChannel.class).warn("notification channel {}: {}", Settings.instanceName(props), problem);
        }
        config = read(props);
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String key = s.string("api.key", "");
        if (key.isBlank()) {
            throw new InvalidConfigException(s.instance(), "api.key", null, "is needed (a Linear API key)");
        }
        String team = s.string("team.id", "");
        if (team.isBlank()) {
            throw new InvalidConfigException(s.instance(), "team.id", null, "is needed (Settings → Teams → the team's id)");
        }
        String url = s.string("url", "https://api.linear.app/graphql");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new InvalidConfigException(s.instance(), "url", url, "must be an https:// URL");
        }
        return new Config(URI.create(url), key, team, s.has("label.ids") ? s.list("label.ids") : List.of(),
                Duration.ofSeconds(s.intValue("timeout.s", 10, 1)));
    }

    @Override
    public void send(Notification n) throws Exception {
        String marker = marker(n);
        JsonNode found = call(FIND, JSON.createObjectNode().put("marker", marker));
        JsonNode existing = found.path("issues").path("nodes");
        if (existing.isArray() && !existing.isEmpty()) {
            return; // the earlier attempt made it; Linear just did not tell us
        }
        ObjectNode input = JSON.createObjectNode().put("teamId", config.teamId()).put("title", title(n))
                .put("description", description(n, marker)).put("priority", priority(n));
        if (!config.labelIds().isEmpty()) {
            config.labelIds().forEach(input.putArray("labelIds")::add);
        }
        JsonNode created = call(CREATE, JSON.createObjectNode().set("input", input));
        if (!created.path("issueCreate").path("success").asBoolean(false)) {
            throw new DeliveryException("Linear did not create the issue: " + created, 0, false, null);
        }
    }

    /** The seed's rule: an urgent workset is Urgent (1), an error High (2), anything else Medium (3). */
    static int priority(Notification n) {
        if ("urgent".equals(n.attributes().get("priority"))) {
            return 1;
        }
        return "error".equals(n.attributes().get("event_type")) || n.severity().equals("critical") ? 2 : 3;
    }

    static String title(Notification n) {
        String t = "[daqhub] " + n.subject();
        return t.length() <= 255 ? t : t.substring(0, 254) + "…";
    }

    static String description(Notification n, String marker) {
        StringBuilder b = new StringBuilder(n.body() == null ? "" : n.body().strip()).append("\n\n");
        b.append("| | |\n|---|---|\n| severity | ").append(n.severity()).append(" |\n| time | ").append(n.time()).append(" |\n");
        new TreeMap<>(n.attributes()).forEach((k, v) -> {
            if (!k.equals("notification_key")) {
                b.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
            }
        });
        return b.append("\n").append(marker).append('\n').toString();
    }

    /** What marks the issue of one notification key (a hash: the key itself may hold anything). */
    static String marker(Notification n) throws Exception {
        String key = n.attributes().getOrDefault("notification_key", n.subject() + "@" + n.time());
        byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return "daqhub-notification " + HexFormat.of().formatHex(h, 0, 12);
    }

    /** One GraphQL call: its data, or the answer classified (RATELIMITED and 5xx retried, other errors final). */
    private JsonNode call(String query, ObjectNode variables) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", variables);
        HttpRequest req = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json").header("Authorization", config.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            answer = null;
        }
        JsonNode errors = answer == null ? null : answer.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            String code = first.path("extensions").path("code").asText("");
            String type = first.path("extensions").path("type").asText("").toLowerCase(java.util.Locale.ROOT);
            String message = "Linear: " + first.path("message").asText() + (code.isEmpty() ? "" : " (" + code + ")");
            // as Linear's own SDK tells them apart: by code or type, then by HTTP status
            if (code.equals("RATELIMITED") || type.equals("ratelimited") || r.statusCode() == 429) {
                throw new DeliveryException(message, r.statusCode(), false, resetIn(r));
            }
            boolean transientError = r.statusCode() >= 500 || code.equals("INTERNAL_ERROR")
                    || java.util.Set.of("internal error", "lock timeout", "network error").contains(type);
            throw new DeliveryException(message, r.statusCode(), !transientError, null);
        }
        if (r.statusCode() / 100 != 2 || answer == null || !answer.has("data")) {
            throw DeliveryException.ofHttpStatus(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        }
        return answer.get("data");
    }

    /** Linear names when its bucket refills (epoch milliseconds); Retry-After when a proxy sent one instead. */
    private static Duration resetIn(HttpResponse<String> r) {
        Duration wait = DeliveryException.retryAfter(r.headers().firstValue("Retry-After").orElse(null));
        for (String h : new String[] { "X-RateLimit-Requests-Reset", "X-RateLimit-Complexity-Reset" }) {
            String reset = r.headers().firstValue(h).orElse(null);
            if (reset != null) {
                try {
                    Duration d = Duration.between(Instant.now(), Instant.ofEpochMilli(Long.parseLong(reset.trim())));
                    d = d.isNegative() ? Duration.ZERO : d;
                    wait = wait == null || d.compareTo(wait) > 0 ? d : wait;
                } catch (NumberFormatException ignored) {
                    // not epoch milliseconds: the others decide
                }
            }
        }
        return wait;
    }
}
