package org.daqhub.monitor.webhook;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Sends each batch of monitoring events to a URL as a JSON array (POST or PUT, extra headers, TLS checking
 * that can be switched off). Anything but a 2xx answer fails the batch, which the platform spools and retries.
 * One instance per cfg file: {@code etc/org.daqhub.monitor.webhook-<name>.cfg}.
 */
@Component(name = "org.daqhub.monitor.webhook", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookConfig.class, factory = true)
public class WebhookIntegration implements MonitoringIntegration {
    private static final ObjectMapper JSON = new ObjectMapper();

    private URI url;
    private String method;
    private String[] headers;
    private Duration timeout;
    private HttpClient http;

    /** The cfg, validated; {@code headers} as name, value, name, value... */
    record Config(URI url, String method, List<String> headers, Duration timeout, boolean verifyTls) {
    }

    @Activate
    public void activate(Map<String, Object> props) throws Exception {
        Config c = read(props);
        url = c.url();
        method = c.method();
        headers = c.headers().toArray(new String[0]);
        timeout = c.timeout();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        if (!c.verifyTls()) {
            b.sslContext(trustingEverything());
        }
        http = b.build();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String u = s.requiredString("url");
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new InvalidConfigException(s.instance(), "url", u, "must start with http:// or https://");
        }
        String method = s.oneOf("method", "POST", "POST", "PUT");
        List<String> headers = new ArrayList<>();
        for (String h : s.list("headers")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new InvalidConfigException(s.instance(), "headers", h, "must be 'Name: value'");
            }
            headers.add(h.substring(0, colon).trim());
            headers.add(h.substring(colon + 1).trim());
        }
        Duration timeout = Duration.ofSeconds(s.intValue("timeout.s", 10, 1));
        return new Config(URI.create(u), method, List.copyOf(headers), timeout, s.bool("verify.tls", true));
    }

    private static SSLContext trustingEverything() throws Exception {
        // an X509ExtendedTrustManager: JSSE wraps a plain X509TrustManager with its own host name check
        TrustManager all = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] { all }, new SecureRandom());
        return ctx;
    }

    static String body(List<MonitoringEvent> events) {
        ArrayNode arr = JSON.createArrayNode();
        for (MonitoringEvent e : events) {
            arr.add(JSON.valueToTree(e.toMap()));
        }
        return arr.toString();
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body(events)));
        if (headers.length > 0) {
            r.headers(headers);
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered " + resp.statusCode() + ": "
                    + resp.body().substring(0, Math.min(200, resp.body().length())));
        }
    }
}
