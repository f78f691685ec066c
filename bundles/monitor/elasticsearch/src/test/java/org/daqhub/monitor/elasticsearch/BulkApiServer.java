package org.daqhub.monitor.elasticsearch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server for Elasticsearch's documented _bulk API (Elasticsearch is not in Debian and cannot be
 * downloaded here): {@code POST /_bulk} with {@code Content-Type: application/x-ndjson}, action and source lines,
 * the body ending in a newline; the answer {@code {took, errors, items: [{index: {_index, _id, _version, result,
 * status, error?}}]}}. Documents are kept per index and id, as Elasticsearch does (an index op on an existing id
 * replaces it). It can refuse items with 429 (queue full), refuse documents for good with 400
 * (mapper_parsing_exception, for events of kind {@code unmappable}) and require an Authorization header.
 */
final class BulkApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Map<String, JsonNode>> indices = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger tooManyRequests = new AtomicInteger(); // how many next requests get 429 on every item
    volatile String requiredAuthorization;
    private final HttpServer server;

    BulkApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            requests.incrementAndGet();
            if (!x.getRequestMethod().equals("POST") || !x.getRequestURI().getPath().equals("/_bulk")) {
                reply(x, 405, error("illegal_argument_exception", "only POST /_bulk here"));
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                reply(x, 401, error("security_exception", "missing authentication credentials for REST request [/_bulk]"));
                return;
            }
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !(type.startsWith("application/x-ndjson") || type.startsWith("application/json"))) {
                reply(x, 406, error("media_type_header_exception", "Content-Type header [" + type + "] is not supported"));
                return;
            }
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.endsWith("\n")) {
                reply(x, 400, error("illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]"));
                return;
            }
            boolean refuseAll = tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            String[] lines = body.split("\n");
            ObjectNode answer = JSON.createObjectNode();
            answer.put("took", 1);
            ArrayNode items = answer.putArray("items");
            boolean errors = false;
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode action = JSON.readTree(lines[i]);
                JsonNode meta = action.get("index");
                if (meta == null || i + 1 >= lines.length) {
                    reply(x, 400, error("illegal_argument_exception", "Malformed action/metadata line [" + (i + 1) + "]"));
                    return;
                }
                JsonNode doc = JSON.readTree(lines[i + 1]);
                String index = meta.get("_index").asText();
                String id = meta.get("_id").asText();
                ObjectNode result = items.addObject().putObject("index");
                result.put("_index", index).put("_id", id);
                if (refuseAll) {
                    errors = true;
                    result.put("status", 429).set("error", error("es_rejected_execution_exception", "rejected execution")
                            .get("error"));
                } else if (doc.path("kind").asText().equals("unmappable")) {
                    errors = true;
                    result.put("status", 400).set("error", error("mapper_parsing_exception",
                            "failed to parse field [attributes] of type [long]").get("error"));
                } else {
                    JsonNode old = indices.computeIfAbsent(index, k -> new ConcurrentHashMap<>()).put(id, doc);
                    result.put("_version", 1).put("result", old == null ? "created" : "updated").put("status",
                            old == null ? 201 : 200);
                }
            }
            answer.put("errors", errors);
            reply(x, 200, answer);
        }
    }

    private static ObjectNode error(String type, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("error").put("type", type).put("reason", reason);
        return n;
    }

    private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
