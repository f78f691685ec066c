package org.daqhub.notify.sns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

/**
 * etc/org.daqhub.notify.sns-<name>.cfg: each notification published to an SNS topic with the Query API's
 * {@code Publish}, signed with SigV4 (the AWS SDK v2 is not OSGi-ready). As in the seed: the subject cut to 100
 * characters, message attributes {@code event_type} and {@code priority}. On a FIFO topic the deduplication id is
 * derived from the notification key, so SNS itself drops the repeat of a send whose answer was lost. Throttling and
 * 5xx are retried; anything else SNS refuses (a bad signature, an unknown topic, a denied publish) is final.
 */
@Component(name = "org.daqhub.notify.sns", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SnsChannelConfig.class, factory = true)
public class SnsChannel implements NotificationChannel {
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private final Config config;
    private final HttpClient http;

    record Config(String topicArn, String region, URI endpoint, SigV4.Credentials credentials, boolean fifo, Duration timeout) {
    }

    private ChannelRegistry.Attachment attachment;

    /** As DS starts it: attached to the delivery, not registered as a service (whose properties anyone can list). */
    @Activate
    public SnsChannel(@Reference ChannelRegistry registry, Map<String, Object> props) {
        this(props);
        attachment = registry.attach(this, props);
    }

    @Deactivate
    void deactivate() {
        attachment.close();
    }

    /** Without a container (tests, tools). */
    public SnsChannel(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(SnsChannelConfig.class))) {
            LoggerFactory.getLogger(SnsChannel.class).warn("notification channel {}: {}", Settings.instanceName(props), problem);
        }
        config = read(props, System.getenv());
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    static Config read(Map<String, ?> props, Map<String, String> env) {
        Settings s = Settings.of(props);
        String arn = s.string("topic.arn", "");
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new InvalidConfigException(s.instance(), "topic.arn", arn, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)");
        }
        String region = s.string("region", m.group(1));
        String id = s.string("access.key.id", env.getOrDefault("AWS_ACCESS_KEY_ID", ""));
        String secret = s.string("secret.access.key", env.getOrDefault("AWS_SECRET_ACCESS_KEY", ""));
        String token = s.string("session.token", env.getOrDefault("AWS_SESSION_TOKEN", ""));
        if (id.isBlank() || secret.isBlank()) {
            throw new InvalidConfigException(s.instance(), id.isBlank() ? "access.key.id" : "secret.access.key", null,
                    "is needed (in the cfg, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in daqhub's environment)");
        }
        String endpoint = s.string("endpoint", "https://sns." + region + ".amazonaws.com/");
        if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
            throw new InvalidConfigException(s.instance(), "endpoint", endpoint, "must be an https:// URL");
        }
        return new Config(arn, region, URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/"),
                new SigV4.Credentials(id, secret, token.isBlank() ? null : token), m.group(2) != null,
                Duration.ofSeconds(s.intValue("timeout.s", 10, 1)));
    }

    @Override
    public void send(Notification n) throws Exception {
        byte[] body = form(n).getBytes(StandardCharsets.UTF_8);
        ZonedDateTime now = SigV4.now();
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        signed.put("host", host(config.endpoint()));
        signed.put("x-amz-date", SigV4.AMZ_DATE.format(now));
        if (config.credentials().sessionToken() != null) {
            signed.put("x-amz-security-token", config.credentials().sessionToken());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(config.endpoint()).timeout(config.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEach((k, v) -> {
            if (!k.equals("host")) { // the client sends Host itself, the same value
                req.header(k, v);
            }
        });
        req.header("Authorization", SigV4.authorization(config.credentials(), config.region(), "sns", now, "POST",
                config.endpoint().getRawPath(), "", signed, body));
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
            return;
        }
        String code = first(ERROR_CODE, r.body());
        // the first sentence of SNS's message, short: a signature error's message can quote the signed request
        String said = String.valueOf(first(ERROR_MESSAGE, r.body())).split("(?<=\\.)\\s|\\n", 2)[0];
        String message = "SNS " + r.statusCode() + (code == null ? "" : " " + code) + ": "
                + (said.length() > 200 ? said.substring(0, 200) + "…" : said);
        boolean throttled = code != null && java.util.Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
                "ThrottledException", "KMSThrottling").contains(code);
        throw new DeliveryException(message, r.statusCode(), !(throttled || r.statusCode() == 429 || r.statusCode() >= 500),
                DeliveryException.retryAfter(r.headers().firstValue("Retry-After").orElse(null)));
    }

    /** The Publish call's form body, parameters in a stable order. */
    String form(Notification n) throws Exception {
        Map<String, String> p = new TreeMap<>();
        p.put("Action", "Publish");
        p.put("Version", "2010-03-31");
        p.put("TopicArn", config.topicArn());
        p.put("Subject", subject(n));
        p.put("Message", message(n));
        int i = 1;
        for (String name : new String[] { "event_type", "priority" }) {
            String v = n.attributes().get(name);
            if (v != null && !v.isEmpty()) {
                p.put("MessageAttributes.entry." + i + ".Name", name);
                p.put("MessageAttributes.entry." + i + ".Value.DataType", "String");
                p.put("MessageAttributes.entry." + i + ".Value.StringValue", v);
                i++;
            }
        }
        if (config.fifo()) {
            String key = n.attributes().getOrDefault("notification_key", n.subject() + "@" + n.time());
            p.put("MessageGroupId", "daqhub");
            p.put("MessageDeduplicationId", SigV4.hex(SigV4.sha256(key.getBytes(StandardCharsets.UTF_8))));
        }
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(SigV4.encode(k)).append('=').append(SigV4.encode(v)));
        return b.toString();
    }

    /** SNS: fewer than 100 printable characters, no line breaks or control characters. */
    static String subject(Notification n) {
        String s = ("[daqhub] " + n.severity().toUpperCase(java.util.Locale.ROOT) + ": " + n.subject())
                .replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() <= 99 ? s : s.substring(0, 98) + "~";
    }

    static String message(Notification n) {
        StringBuilder b = new StringBuilder(n.subject()).append("\n\n");
        if (n.body() != null && !n.body().isBlank()) {
            b.append(n.body().strip()).append("\n\n");
        }
        b.append("severity: ").append(n.severity()).append('\n').append("time: ").append(n.time()).append('\n');
        new TreeMap<>(n.attributes()).forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        // SNS takes at most 256 KiB; what does not fit is cut, saying so
        String m = b.toString();
        int max = 250_000;
        return m.getBytes(StandardCharsets.UTF_8).length <= max ? m : m.substring(0, max / 4) + "\n[cut: longer than SNS takes]\n";
    }

    static String host(URI u) {
        int port = u.getPort();
        boolean standard = port == -1 || (u.getScheme().equals("https") && port == 443) || (u.getScheme().equals("http") && port == 80);
        return u.getHost() + (standard ? "" : ":" + port);
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s == null ? "" : s);
        return m.find() ? m.group(1) : null;
    }
}
