package org.daqhub.notify.slack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.daqhub.core.notify.LocalHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server that answers as Slack's incoming webhooks do (api.slack.com/messaging/webhooks, Block Kit
 * reference): 404 {@code no_service} for an unknown hook, 400 {@code invalid_payload} for JSON it cannot read,
 * {@code no_text} without text or blocks, {@code invalid_blocks} for a block Slack would refuse (a header over 150
 * characters or not plain_text, a section over 3,000, more than 50 blocks, more than 10 context elements), 429 with
 * Retry-After when told to, else 200 {@code ok}.
 */
final class SlackStandIn implements AutoCloseable {
    static final String HOOK = "/services/T0DAQHUB/B0NOTIFY/xoxsecretsecret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    /** 429s to answer before accepting again. */
    final Deque<Integer> rateLimited = new ConcurrentLinkedDeque<>();

    SlackStandIn() throws IOException {
        server = LocalHttp.start("/", this::handle);
    }

    String url() {
        return LocalHttp.base(server) + HOOK;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        if (!ex.getRequestURI().getPath().equals(HOOK) || !ex.getRequestMethod().equals("POST")) {
            answer(ex, 404, "no_service");
            return;
        }
        if (rateLimited.poll() != null) {
            ex.getResponseHeaders().add("Retry-After", "1");
            answer(ex, 429, "rate_limited");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        JsonNode msg;
        try {
            msg = type != null && type.startsWith("application/json") ? JSON.readTree(in) : null;
        } catch (IOException e) {
            msg = null;
        }
        if (msg == null || !msg.isObject()) {
            answer(ex, 400, "invalid_payload");
            return;
        }
        JsonNode blocks = msg.get("blocks");
        if ((msg.path("text").asText().isBlank()) && (blocks == null || blocks.isEmpty())) {
            answer(ex, 400, "no_text");
            return;
        }
        String bad = blocks == null ? null : invalid(blocks);
        if (bad != null) {
            answer(ex, 400, "invalid_blocks");
            refusals.add(bad);
            return;
        }
        accepted.add(msg);
        answer(ex, 200, "ok");
    }

    private static String invalid(JsonNode blocks) {
        if (!blocks.isArray() || blocks.size() > 50) {
            return "blocks must be an array of at most 50";
        }
        for (JsonNode b : blocks) {
            String t = b.path("type").asText();
            switch (t) {
                case "header" -> {
                    if (!b.path("text").path("type").asText().equals("plain_text") || b.path("text").path("text").asText().length() > 150) {
                        return "header: plain_text of at most 150 characters";
                    }
                }
                case "section" -> {
                    String text = b.path("text").path("text").asText();
                    if (!Set.of("mrkdwn", "plain_text").contains(b.path("text").path("type").asText()) || text.isEmpty()
                            || text.length() > 3000) {
                        return "section: text of 1 to 3000 characters";
                    }
                }
                case "context" -> {
                    if (!b.path("elements").isArray() || b.path("elements").size() > 10 || b.path("elements").isEmpty()) {
                        return "context: 1 to 10 elements";
                    }
                }
                case "divider" -> {
                }
                default -> {
                    return "unknown block type " + t;
                }
            }
        }
        return null;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        LocalHttp.answer(ex, status, "text/plain", body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
