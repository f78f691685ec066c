package org.daqhub.notify.slack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * etc/org.daqhub.notify.slack-<name>.cfg: each notification as one Slack message through an incoming webhook, in
 * Block Kit (a header, the body, the attributes as context) with a plain {@code text} for notifications. Slack's
 * limits are kept (header 150 characters, a section 3,000) and its mrkdwn is escaped. Slack allows about one
 * message a second per webhook: the channel's {@code rate.per.s} defaults to 1, and a 429's Retry-After is honoured.
 */
@Component(name = "org.daqhub.notify.slack", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SlackChannelConfig.class, factory = true)
public class SlackChannel implements NotificationChannel {
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;
    private final HttpClient http;

    record Config(URI url, String mentionCritical, Duration timeout) {
        @Override
        public String toString() {
            return "Config[url=(secret), mentionCritical=" + mentionCritical + ", timeout=" + timeout + "]";
        }
    }

    private ChannelRegistry.Attachment attachment;

    /** As DS starts it: attached to the delivery, not registered as a service (whose properties anyone can list). */
    @Activate
    public SlackChannel(@Reference ChannelRegistry registry, Map<String, Object> props) {
        this(props);
        attachment = registry.attach(this, props);
    }

    @Deactivate
    void deactivate() {
        attachment.close();
    }

    /** Without a container (tests, tools). */
    public SlackChannel(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(SlackChannelConfig.class))) {
            LoggerFactory.getLogger(SlackChannel.class).warn("notification channel {}: {}", Settings.instanceName(props), problem);
        }
        config = read(props);
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String url = s.string("url", "");
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            u = null;
        }
        // the value is a secret: the message says what is wrong without repeating it
        boolean local = u != null && u.getHost() != null && (u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost"));
        if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || (local && "http".equals(u.getScheme())))) {
            throw new InvalidConfigException(s.instance(), "url", url.isEmpty() ? "" : "(secret)",
                    "must be the webhook's https:// URL");
        }
        return new Config(u, s.string("mention.critical", ""), Duration.ofSeconds(s.intValue("timeout.s", 10, 1)));
    }

    @Override
    public void send(Notification n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message(n)))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw DeliveryException.ofHttpStatus(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        }
    }

    ObjectNode message(Notification n) {
        String icon = switch (n.severity()) {
            case "critical" -> ":red_circle:";
            case "warning" -> ":warning:";
            default -> ":information_source:";
        };
        String mention = n.severity().equals("critical") && !config.mentionCritical().isEmpty() ? config.mentionCritical() + " " : "";
        ObjectNode msg = JSON.createObjectNode();
        msg.put("text", mention + icon + " " + escape(n.subject()));
        ArrayNode blocks = msg.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(n.severity().toUpperCase(java.util.Locale.ROOT) + ": "
                + n.subject(), HEADER_MAX));
        String body = n.body() == null ? "" : n.body().strip();
        if (!mention.isEmpty() || !body.isEmpty()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", cut(mention + escape(body.isEmpty() ? n.subject() : body), SECTION_MAX));
        }
        StringBuilder context = new StringBuilder("*" + n.time() + "*");
        new TreeMap<>(n.attributes()).forEach((k, v) -> {
            if (!List.of("notification_key").contains(k)) {
                context.append("  ").append(escape(k)).append(": `").append(escape(v)).append('`');
            }
        });
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", cut(context.toString(), SECTION_MAX));
        return msg;
    }

    /** Slack's mrkdwn: &, < and > are control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
