package org.daqhub.notify.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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

/**
 * etc/org.daqhub.notify.webhook-<name>.cfg: each notification as one JSON POST ({@code severity, subject, body,
 * time, attributes}) with an {@code Idempotency-Key} header, so a receiver can drop the repeat of a send that
 * daqhub could not confirm. 2xx is sent; 429 and 5xx are retried (Retry-After honoured); any other 4xx is final.
 */
@Component(name = "org.daqhub.notify.webhook", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = WebhookChannelConfig.class, factory = true)
public class WebhookChannel implements NotificationChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;
    private final HttpClient http;

    record Config(URI url, String authorization, Duration timeout) {
        @Override
        public String toString() {
            return "Config[url=" + url.getScheme() + "://" + url.getHost() + ", authorization=" + (authorization == null ? "none"
                    : "(secret)") + ", timeout=" + timeout + "]";
        }
    }

    private ChannelRegistry.Attachment attachment;

    /** As DS starts it: attached to the delivery, not registered as a service (whose properties anyone can list). */
    @Activate
    public WebhookChannel(@Reference ChannelRegistry registry, Map<String, Object> props) {
        this(props);
        attachment = registry.attach(this, props);
    }

    @Deactivate
    void deactivate() {
        attachment.close();
    }

    /** Without a container (tests, tools). */
    public WebhookChannel(Map<String, Object> props) {
        // the OCD extends the platform's channel keys (match.*, rate.per.s): a key in neither is a typo
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(WebhookChannelConfig.class))) {
            LoggerFactory.getLogger(WebhookChannel.class).warn("notification channel {}: {}", Settings.instanceName(props), problem);
        }
        config = read(props);
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        URI url = httpUrl(s, s.string("url", ""));
        String auth = s.string("authorization", "");
        return new Config(url, auth.isEmpty() ? null : auth, Duration.ofSeconds(s.intValue("timeout.s", 10, 1)));
    }

    /** An http(s) URL with a host; a mistake is named without repeating the value (a URL may carry a token). */
    static URI httpUrl(Settings s, String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidConfigException(s.instance(), "url", "(not shown)", "is not a URL (" + e.getReason() + ")");
        }
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new InvalidConfigException(s.instance(), "url", "(not shown)", "must be an http:// or https:// URL with a host");
        }
        return u;
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("severity", n.severity());
        body.put("subject", n.subject());
        body.put("body", n.body());
        body.put("time", n.time().toString());
        body.put("attributes", n.attributes());
        HttpRequest.Builder req = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        String key = n.attributes().get("notification_key");
        if (key != null) {
            req.header("Idempotency-Key", key);
        }
        if (config.authorization() != null) {
            req.header("Authorization", config.authorization());
        }
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw DeliveryException.ofHttpStatus(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        }
    }
}
