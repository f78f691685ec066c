package org.daqhub.events;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The monitoring sidecar's HTTP API: POST /v1/ingest/events and /v1/ingest/events:batch (and the seed
 * README's /v1/event, /v1/events/batch), GET /v1/healthz (/v1/health), /v1/integrations, /v1/jobs,
 * /v1/subjobs, /v1/jobs/{id} (with subjobs and events). Malformed JSON gets 400, an invalid event 422, both naming the field.
 * Any other failure is the server's: 500 (503 while the database is out of reach) with an id to find it in the log.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/v1/*",
    "osgi.http.whiteboard.servlet.name=daqhub-events-api" })
public class IngestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IngestServlet.class);

    @Reference
    private transient JobEvents events;

    public IngestServlet() {
    }

    /** For tests without a container. */
    IngestServlet(JobEvents events) {
        this.events = events;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String route = req.getMethod() + " " + path;
        try {
            switch (route) {
                case "POST /v1/ingest/events", "POST /v1/event" -> ingest(req, resp, false);
                case "POST /v1/ingest/events:batch", "POST /v1/events/batch" -> ingest(req, resp, true);
                case "GET /v1/healthz", "GET /v1/health" -> health(resp);
                case "GET /v1/integrations" -> integrations(resp);
                case "GET /v1/jobs" -> write(resp, 200, query(req, false));
                case "GET /v1/subjobs" -> write(resp, 200, query(req, true));
                default -> {
                    if (req.getMethod().equals("GET") && path.startsWith("/v1/jobs/") && path.length() > "/v1/jobs/".length()) {
                        String id = java.net.URLDecoder.decode(path.substring("/v1/jobs/".length()),
                                java.nio.charset.StandardCharsets.UTF_8);
                        ObjectNode job = events.job(id);
                        write(resp, job == null ? 404 : 200, job == null ? error("no job '" + id + "'", "job_id") : job);
                    } else {
                        write(resp, 404, error("no such endpoint: " + route, null));
                    }
                }
            }
        } catch (BadEventException e) {
            write(resp, e.status(), error(e.getMessage(), e.field()));
        } catch (RuntimeException e) {
            internalError(resp, route, e);
        }
    }

    /**
     * A failure that is not the client's: logged at ERROR under a short random id, answered with that id only. The
     * database's text stays in the log: it tells a client nothing it can mend and shows it the schema.
     */
    private static void internalError(HttpServletResponse resp, String route, RuntimeException e) throws IOException {
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        boolean unavailable = databaseUnavailable(e);
        LOG.error("{} failed, error id {}: {}", route, id, e.toString(), e);
        int status = unavailable ? 503 : 500;
        ObjectNode n = JobEvents.JSON.createObjectNode();
        n.put("status", status);
        n.put("error", (unavailable ? "database unavailable" : "internal error") + ", see the log for id " + id);
        write(resp, status, n);
    }

    /**
     * Whether {@code e} comes from a database out of reach (SQLSTATE class 08 connection, 53 resources, 57P
     * shutting down): worth a retry, so 503; any other database error is a 500.
     */
    private static boolean databaseUnavailable(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: a cause chain may loop
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void ingest(HttpServletRequest req, HttpServletResponse resp, boolean batch) throws IOException {
        JsonNode body = readBody(req.getInputStream(), req.getContentLengthLong(), events.bodyJson(), events.maxBodyBytes());
        List<JsonNode> list = new ArrayList<>();
        if (batch) {
            JsonNode arr = body.isArray() ? body : body.get("events");
            if (arr == null || !arr.isArray()) {
                throw new BadEventException(422, "events", "a batch is a JSON array of events or {\"events\": [...]}");
            }
            arr.forEach(list::add);
        } else {
            list.add(body);
        }
        JobEvents.Result r = events.ingest(list, batch);
        ObjectNode out = JobEvents.JSON.createObjectNode();
        out.put("accepted", r.accepted());
        out.put("duplicates", r.duplicates());
        write(resp, 202, out);
    }

    /**
     * The request's JSON, read with {@code json}, a {@link JobEvents#boundedJson} mapper that stops at {@code max} bytes
     * (413 naming {@code body} beyond: a client cannot make daqhub hold an arbitrarily large document in memory);
     * 400 when it is not JSON or empty.
     */
    static JsonNode readBody(java.io.InputStream in, long declaredLength, com.fasterxml.jackson.databind.ObjectMapper json,
            long max) throws IOException {
        if (declaredLength > max) {
            throw tooLarge(max);
        }
        JsonNode body;
        try {
            body = json.readTree(in);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw tooLarge(max);
        } catch (JsonProcessingException e) {
            throw new BadEventException(400, "body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || body.isMissingNode()) {
            throw new BadEventException(400, "body", "empty");
        }
        return body;
    }

    private static BadEventException tooLarge(long max) {
        return new BadEventException(413, "body", "larger than " + max + " bytes (max.body.bytes in "
                + "etc/org.daqhub.events.cfg); send smaller batches");
    }

    private void integrations(HttpServletResponse resp) throws IOException {
        var out = JobEvents.JSON.createArrayNode();
        events.integrations().states().forEach((name, state) -> {
            ObjectNode n = out.addObject();
            n.put("name", name);
            n.setAll((ObjectNode) JobEvents.JSON.valueToTree(state));
        });
        write(resp, 200, out);
    }

    private void health(HttpServletResponse resp) throws IOException {
        ObjectNode out = JobEvents.JSON.createObjectNode();
        var states = events.integrations().states();
        boolean degraded = states.values().stream().anyMatch(m -> !"healthy".equals(m.get("state")));
        out.put("status", degraded ? "degraded" : "ok");
        out.put("spool_count", events.integrations().spooled());
        out.set("integrations", JobEvents.JSON.valueToTree(states));
        events.counters().forEach(out::put);
        write(resp, 200, out);
    }

    private JsonNode query(HttpServletRequest req, boolean subjobs) {
        Instant from = time(req, "from");
        Instant to = time(req, "to");
        String status = req.getParameter("status");
        List<String> statuses = status == null || status.isBlank() ? List.of()
                : Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String s : statuses) {
            if (!JobEvent.STATUSES.contains(s)) {
                throw new BadEventException(422, "status", "unknown status '" + s + "' (" + JobEvent.STATUSES + ")");
            }
        }
        int limit = 1000;
        String l = req.getParameter("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new BadEventException(422, "limit", "must be an integer, got '" + l + "'");
            }
            if (limit < 1 || limit > 10_000) {
                throw new BadEventException(422, "limit", "must be 1..10000, got " + limit);
            }
        }
        return events.query(subjobs, from, to, statuses, req.getParameter("app_name"), limit);
    }

    private static Instant time(HttpServletRequest req, String param) {
        String s = req.getParameter(param);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new BadEventException(422, param, "not an ISO-8601 UTC time: '" + s + "'");
        }
    }

    private static ObjectNode error(String message, String field) {
        ObjectNode n = JobEvents.JSON.createObjectNode();
        n.put("error", message);
        if (field != null) {
            n.put("field", field);
        }
        return n;
    }

    private static void write(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JobEvents.JSON.writeValue(resp.getOutputStream(), body);
    }
}
