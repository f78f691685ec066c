package org.daqhub.notify.sns;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.core.notify.LocalHttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server for SNS's Query API (docs.aws.amazon.com/sns/latest/api/API_Publish.html) that checks what SNS
 * checks before it publishes: the SigV4 signature recomputed from the request as it arrived (its own
 * canonicalisation of method, path, the signed headers and the body), the credential scope (date, region, service
 * sns), a request time within 15 minutes, a known access key, then the Publish parameters (Action, Version, a known
 * TopicArn, a Subject of fewer than 100 characters without line breaks, a Message, MessageGroupId on a FIFO topic) and
 * a FIFO topic's 5-minute deduplication. Errors come as SNS's XML ErrorResponse.
 */
final class SnsStandIn implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:daqhub-alerts";
    static final String FIFO_TOPIC = "arn:aws:sns:eu-west-1:123456789012:daqhub-alerts.fifo";
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
    private final HttpServer server;
    final List<Map<String, String>> published = Collections.synchronizedList(new ArrayList<>());
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger throttle = new AtomicInteger();
    private final Map<String, Instant> dedup = new HashMap<>();

    SnsStandIn() throws IOException {
        server = LocalHttp.start("/", this::handle);
    }

    String endpoint() {
        return LocalHttp.base(server) + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String refused = checkSignature(ex, body);
        if (refused != null) {
            refusals.add(refused);
            error(ex, 403, refused.startsWith("InvalidClientTokenId") ? "InvalidClientTokenId" : "SignatureDoesNotMatch", refused);
            return;
        }
        if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 400, "Throttling", "Rate exceeded");
            return;
        }
        Map<String, String> p = new TreeMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1),
                    StandardCharsets.UTF_8));
        }
        if (!"Publish".equals(p.get("Action")) || !"2010-03-31".equals(p.get("Version"))) {
            error(ex, 400, "InvalidAction", "The action or operation requested is invalid");
            return;
        }
        String topic = p.get("TopicArn");
        if (!TOPIC.equals(topic) && !FIFO_TOPIC.equals(topic)) {
            error(ex, 404, "NotFound", "Topic does not exist");
            return;
        }
        String subject = p.get("Subject");
        if (subject != null && (subject.length() >= 100 || subject.isEmpty() || subject.matches("(?s).*[\\r\\n].*"))) {
            error(ex, 400, "InvalidParameter", "Invalid parameter: Subject");
            return;
        }
        if (p.getOrDefault("Message", "").isEmpty()) {
            error(ex, 400, "InvalidParameter", "Invalid parameter: Empty message");
            return;
        }
        if (topic.endsWith(".fifo")) {
            if (p.get("MessageGroupId") == null) {
                error(ex, 400, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
                return;
            }
            synchronized (dedup) {
                Instant seen = dedup.get(p.get("MessageDeduplicationId"));
                if (seen != null && Duration.between(seen, Instant.now()).toMinutes() < 5) {
                    ok(ex); // SNS accepts the repeat and does not deliver it again
                    return;
                }
                dedup.put(p.get("MessageDeduplicationId"), Instant.now());
            }
        }
        published.add(p);
        ok(ex);
    }

    /** SigV4 as SNS verifies it, recomputed from the request as received; null when it holds. */
    private static String checkSignature(HttpExchange ex, byte[] body) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Matcher m = auth == null ? null : AUTH.matcher(auth);
        if (m == null || !m.matches()) {
            return "SignatureDoesNotMatch: no AWS4-HMAC-SHA256 Authorization header";
        }
        if (!m.group(1).equals(KEY_ID)) {
            return "InvalidClientTokenId: The security token included in the request is invalid";
        }
        String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2)) || !m.group(3).equals(REGION) || !m.group(4).equals("sns")) {
            return "SignatureDoesNotMatch: credential scope " + m.group(2) + "/" + m.group(3) + "/" + m.group(4) + " for " + amzDate;
        }
        Instant at = ZonedDateTime.parse(amzDate, SigV4.AMZ_DATE.withZone(java.time.ZoneOffset.UTC)).toInstant();
        if (Duration.between(at, Instant.now()).abs().toMinutes() >= 15) {
            return "SignatureDoesNotMatch: Signature expired: " + amzDate;
        }
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date") || !signed.contains("content-type")) {
            return "SignatureDoesNotMatch: host, x-amz-date and content-type must be signed: " + signed;
        }
        StringBuilder canonical = new StringBuilder(ex.getRequestMethod()).append('\n').append(ex.getRequestURI().getRawPath())
                .append('\n').append(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery()).append('\n');
        for (String h : signed) {
            String v = ex.getRequestHeaders().getFirst(h);
            canonical.append(h.toLowerCase(Locale.ROOT)).append(':').append(v == null ? "" : v.trim()).append('\n');
        }
        canonical.append('\n').append(m.group(5)).append('\n').append(SigV4.hex(SigV4.sha256(body)));
        String scope = m.group(2) + "/" + REGION + "/sns/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + SigV4.hex(SigV4.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String expected = SigV4.hex(SigV4.hmac(SigV4.signingKey(SECRET, m.group(2), REGION, "sns"), toSign));
        return expected.equals(m.group(6)) ? null : "SignatureDoesNotMatch: The request signature we calculated does not match";
    }

    private static void ok(HttpExchange ex) throws IOException {
        send(ex, 200, "<PublishResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>"
                + java.util.UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>");
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "<ErrorResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        LocalHttp.answer(ex, status, "text/xml", xml);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
