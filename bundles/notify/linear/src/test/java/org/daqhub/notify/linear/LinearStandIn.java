package org.daqhub.notify.linear;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.core.notify.LocalHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server for Linear's GraphQL endpoint (developers.linear.app): a POST of {@code {query, variables}} with a
 * personal API key as the bare Authorization header. It knows the two operations daqhub sends: {@code issueCreate}
 * (checks the team, the title, the priority 0-4 and the labels, as Linear validates IssueCreateInput) and
 * {@code issues(filter: {description: {contains}})}. Errors come as Linear sends them: HTTP 400 with
 * {@code errors[].extensions.code} AUTHENTICATION_ERROR, INVALID_INPUT or RATELIMITED (with
 * X-RateLimit-Requests-Reset in epoch milliseconds).
 */
final class LinearStandIn implements AutoCloseable {
    static final String KEY = "lin_api_standinstandinstandin";
    static final String TEAM = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";
    static final String LABEL = "label-daq";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<JsonNode> issues = Collections.synchronizedList(new ArrayList<>());
    /** Requests to answer RATELIMITED before serving again. */
    final AtomicInteger rateLimited = new AtomicInteger();
    /** issueCreate calls that create the issue but lose the answer (the connection drops). */
    final AtomicInteger loseAnswers = new AtomicInteger();

    LinearStandIn() throws IOException {
        server = LocalHttp.start("/graphql", this::handle);
    }

    String url() {
        return LocalHttp.base(server) + "/graphql";
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode req;
        try {
            req = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (IOException e) {
            error(ex, 400, "Syntax Error: Unexpected <EOF>", "GRAPHQL_PARSE_FAILED");
            return;
        }
        if (!KEY.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            error(ex, 400, "Authentication required, not authenticated", "AUTHENTICATION_ERROR");
            return;
        }
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().add("X-RateLimit-Requests-Reset", String.valueOf(System.currentTimeMillis() + 1000));
            error(ex, 400, "Rate limit exceeded", "RATELIMITED");
            return;
        }
        String query = req.path("query").asText();
        JsonNode vars = req.path("variables");
        ObjectNode data = JSON.createObjectNode();
        if (query.contains("issueCreate(input: $input)")) {
            JsonNode in = vars.path("input");
            int priority = in.path("priority").asInt(-1);
            if (!TEAM.equals(in.path("teamId").asText()) || in.path("title").asText().isBlank() || priority < 0 || priority > 4) {
                error(ex, 400, "Argument Validation Error", "INVALID_INPUT");
                return;
            }
            for (JsonNode l : in.path("labelIds")) {
                if (!LABEL.equals(l.asText())) {
                    error(ex, 400, "Entity not found: IssueLabel", "INVALID_INPUT");
                    return;
                }
            }
            ObjectNode issue = ((ObjectNode) in.deepCopy()).put("id", "issue-" + (issues.size() + 1))
                    .put("identifier", "DAQ-" + (issues.size() + 1));
            issues.add(issue);
            if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.close(); // created, but the answer never reaches the client
                return;
            }
            data.putObject("issueCreate").put("success", true).putObject("issue").put("id", issue.get("id").asText())
                    .put("identifier", issue.get("identifier").asText()).put("url", "https://linear.app/daq/issue/"
                            + issue.get("identifier").asText());
        } else if (query.contains("issues(filter: { description: { contains: $marker } }")) {
            String marker = vars.path("marker").asText();
            var nodes = data.putObject("issues").putArray("nodes");
            synchronized (issues) {
                issues.stream().filter(i -> i.path("description").asText().contains(marker)).limit(1)
                        .forEach(i -> nodes.addObject().put("id", i.get("id").asText()).put("identifier", i.get("identifier").asText()));
            }
        } else {
            error(ex, 400, "Cannot query this field", "GRAPHQL_VALIDATION_FAILED");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("data", data);
        send(ex, 200, answer);
    }

    private static void error(HttpExchange ex, int status, String message, String code) throws IOException {
        ObjectNode a = JSON.createObjectNode();
        a.putArray("errors").addObject().put("message", message).putObject("extensions").put("code", code);
        send(ex, status, a);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        LocalHttp.answer(ex, status, "application/json; charset=utf-8", JSON.writeValueAsString(body));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
