package org.daqhub.fastmon.rest;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.daqhub.fastmon.FastMonitor;
import org.daqhub.fastmon.FieldException;
import org.daqhub.fastmon.NotFoundException;
import org.daqhub.fastmon.StfRequest;
import org.daqhub.fastmon.model.Dispatch;
import org.daqhub.fastmon.model.FileStatus;
import org.daqhub.fastmon.model.IllegalTransitionException;
import org.daqhub.fastmon.model.Run;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.Subscriber;
import org.daqhub.fastmon.model.TfFile;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * REST API of fast monitoring under /api/v1: runs, stf-files, tf-files, subscribers, dispatches, status. JSON
 * in and out; a bad field gets 422 with {"error": ..., "field": ...} (a body that is not a JSON object 400), an
 * illegal status change 409. Any other failure is the server's: 500 (503 while the database is out of reach)
 * with an id to find it in the log.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/v1/runs/*",
    "osgi.http.whiteboard.servlet.pattern=/api/v1/stf-files/*",
    "osgi.http.whiteboard.servlet.pattern=/api/v1/tf-files/*",
    "osgi.http.whiteboard.servlet.pattern=/api/v1/subscribers/*",
    "osgi.http.whiteboard.servlet.pattern=/api/v1/dispatches/*",
    "osgi.http.whiteboard.servlet.pattern=/api/v1/status",
    "osgi.http.whiteboard.servlet.name=daqhub-fastmon-api" })
public class FastmonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FastmonServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    private transient FastMonitor fastmon;

    public FastmonServlet() {
    }

    /** For tests without a container. */
    public FastmonServlet(FastMonitor fastmon) {
        this.fastmon = fastmon;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String[] parts = path.replaceFirst("^/api/v1/", "").split("/", -1);
        String resource = parts[0];
        String id = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
        try {
            Answer a = switch (resource) {
                case "runs" -> runs(method, id, req);
                case "stf-files" -> stfFiles(method, id, req);
                case "tf-files" -> tfFiles(method, id, req);
                case "subscribers" -> subscribers(method, id, req);
                case "dispatches" -> dispatches(method, req);
                case "status" -> counters(method);
                default -> throw new NotFoundException("resource " + resource);
            };
            write(resp, a.status, a.body);
        } catch (FieldException e) { // 422, 400 for a request that cannot be read, 409 for a conflict
            write(resp, e.status(), error(e.getMessage(), e.field()));
        } catch (IllegalTransitionException e) {
            write(resp, 409, error(e.getMessage(), "status"));
        } catch (NotFoundException e) {
            write(resp, 404, error(e.getMessage(), null));
        } catch (MethodNotAllowed e) {
            write(resp, 405, error(method + " not allowed on " + path, null));
        } catch (RuntimeException e) {
            internalError(resp, method + " " + path, e);
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
        ObjectNode n = JSON.createObjectNode();
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

    private record Answer(int status, JsonNode body) {
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    // ---------------------------------------------------------------- runs

    private Answer runs(String method, String id, HttpServletRequest req) throws IOException {
        switch (method) {
            case "GET":
                if (id != null) {
                    return ok(run(fastmon.run(runNumber(id))));
                }
                return ok(array(fastmon.runs(limit(req)), this::run));
            case "POST": {
                ObjectNode body = body(req);
                long number = requiredLong(body, "run_number");
                FastMonitor.RunResult r = fastmon.getOrCreateRun(number, time(body, "start_time"),
                        jsonText(body, "run_conditions"));
                return new Answer(r.created() ? 201 : 200, run(r.run()).put("created", r.created()));
            }
            case "PATCH":
            case "PUT": {
                if (id == null) {
                    throw new FieldException(400, "run_number", "missing in the path: /api/v1/runs/<run_number>");
                }
                ObjectNode body = body(req);
                return ok(run(fastmon.updateRun(runNumber(id), time(body, "end_time"), jsonText(body, "run_conditions"))));
            }
            default:
                throw new MethodNotAllowed();
        }
    }

    private ObjectNode run(Run r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", r.getId());
        n.put("run_number", r.getRunNumber());
        n.put("start_time", iso(r.getStartTime()));
        n.put("end_time", iso(r.getEndTime()));
        n.set("run_conditions", parse(r.getConditions()));
        return n;
    }

    // ---------------------------------------------------------------- STF files

    private Answer stfFiles(String method, String id, HttpServletRequest req) throws IOException {
        switch (method) {
            case "GET":
                if (id != null) {
                    return ok(stf(fastmon.stfFile(id)));
                }
                return ok(array(fastmon.stfFiles(optionalLong(req, "run"), status(req.getParameter("status")),
                        limit(req)), this::stf));
            case "POST": {
                ObjectNode body = body(req);
                StfRequest r = new StfRequest(requiredLong(body, "run_number"), requiredText(body, "file_url"),
                        optionalLong(body, "file_size_bytes"), text(body, "checksum"), text(body, "machine_state"),
                        text(body, "stf_identifier"), jsonText(body, "metadata"), time(body, "creation_time"));
                FastMonitor.Registration reg = fastmon.register(r);
                ObjectNode n = stf(reg.stf());
                n.put("duplicate", reg.duplicate());
                n.set("tf_files", array(reg.tfs(), this::tf));
                return new Answer(reg.duplicate() ? 200 : 201, n);
            }
            case "PATCH":
            case "PUT": {
                if (id == null) {
                    throw new FieldException(400, "file_id", "missing in the path: /api/v1/stf-files/<file_id>");
                }
                ObjectNode body = body(req);
                FileStatus next = requiredStatus(body);
                return ok(stf(fastmon.moveStf(id, next)));
            }
            default:
                throw new MethodNotAllowed();
        }
    }

    private ObjectNode stf(StfFile f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("file_id", f.getId());
        n.put("run_number", f.getRun().getRunNumber());
        n.put("machine_state", f.getMachineState());
        n.put("file_url", f.getFileUrl());
        if (f.getSizeBytes() != null) {
            n.put("file_size_bytes", f.getSizeBytes());
        } else {
            n.putNull("file_size_bytes");
        }
        n.put("checksum", f.getChecksum());
        n.put("creation_time", iso(f.getCreationTime()));
        n.put("status", f.getStatus().wire());
        n.set("metadata", parse(f.getMetadata()));
        n.put("stf_identifier", f.getStfIdentifier());
        return n;
    }

    // ---------------------------------------------------------------- TF files

    private Answer tfFiles(String method, String id, HttpServletRequest req) throws IOException {
        switch (method) {
            case "GET":
                if (id != null) {
                    return ok(tf(fastmon.tfFile(id)));
                }
                return ok(array(fastmon.tfFiles(optionalLong(req, "run"), req.getParameter("stf"),
                        status(req.getParameter("status")), limit(req)), this::tf));
            case "PATCH":
            case "PUT": {
                if (id == null) {
                    throw new FieldException(400, "tf_file_id", "missing in the path: /api/v1/tf-files/<tf_file_id>");
                }
                return ok(tf(fastmon.moveTf(id, requiredStatus(body(req)))));
            }
            default:
                throw new MethodNotAllowed(); // TF samples are made by registering their STF
        }
    }

    private ObjectNode tf(TfFile t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tf_file_id", t.getId());
        n.put("stf_file_id", t.getStfFileId());
        n.put("tf_filename", t.getFilename());
        n.put("file_size_bytes", t.getSizeBytes());
        n.put("tf_first", t.getTfFirst());
        n.put("tf_last", t.getTfLast());
        n.put("tf_count", t.getTfCount());
        n.put("status", t.getStatus().wire());
        n.put("creation_time", iso(t.getCreationTime()));
        return n;
    }

    // ---------------------------------------------------------------- subscribers

    private Answer subscribers(String method, String name, HttpServletRequest req) throws IOException {
        switch (method) {
            case "GET":
                if (name != null) {
                    return ok(subscriber(fastmon.subscriber(name)));
                }
                return ok(array(fastmon.subscribers(), this::subscriber));
            case "POST": {
                ObjectNode body = body(req);
                return new Answer(201, subscriber(fastmon.createSubscriber(requiredText(body, "subscriber_name"),
                        change(body))));
            }
            case "PATCH":
            case "PUT":
                if (name == null) {
                    throw new FieldException(400, "subscriber_name", "missing in the path: /api/v1/subscribers/<name>");
                }
                return ok(subscriber(fastmon.updateSubscriber(name, change(body(req)))));
            default:
                throw new MethodNotAllowed();
        }
    }

    private static FastMonitor.SubscriberChange change(ObjectNode body) {
        Double fraction = null;
        if (body.has("fraction") && !body.get("fraction").isNull()) {
            if (!body.get("fraction").isNumber()) {
                throw new FieldException("fraction", "must be a number between 0 and 1");
            }
            fraction = body.get("fraction").asDouble();
        }
        Boolean active = null;
        if (body.has("is_active")) {
            if (!body.get("is_active").isBoolean()) {
                throw new FieldException("is_active", "must be true or false");
            }
            active = body.get("is_active").asBoolean();
        }
        return new FastMonitor.SubscriberChange(fraction, text(body, "description"), active, text(body, "delivery_type"),
                text(body, "destination"));
    }

    private ObjectNode subscriber(Subscriber s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("subscriber_id", s.getId());
        n.put("subscriber_name", s.getName());
        n.put("fraction", s.getFraction());
        n.put("description", s.getDescription());
        n.put("is_active", s.isActive());
        n.put("delivery_type", s.getDeliveryType());
        n.put("destination", s.getDestination());
        n.put("stomp_destination", "/topic/" + s.getDestination());
        n.put("messages_sent", s.getSent());
        n.put("messages_dropped", s.getDropped());
        n.put("created_at", iso(s.getCreatedAt()));
        return n;
    }

    // ---------------------------------------------------------------- dispatch log

    private Answer dispatches(String method, HttpServletRequest req) {
        if (!"GET".equals(method)) {
            throw new MethodNotAllowed();
        }
        Long subscriberId = null;
        String name = req.getParameter("subscriber");
        if (name != null) {
            subscriberId = fastmon.subscriber(name).getId();
        }
        return ok(array(fastmon.dispatches(req.getParameter("stf"), subscriberId, limit(req)), this::dispatch));
    }

    /** The counters, refused broker messages per reason among them, and the last error. */
    private Answer counters(String method) {
        if (!"GET".equals(method)) {
            throw new MethodNotAllowed();
        }
        ObjectNode n = JSON.createObjectNode();
        fastmon.counters().forEach(n::put);
        n.put("last_error", fastmon.instances().get(0).lastError());
        return ok(n);
    }

    private ObjectNode dispatch(Dispatch d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("dispatch_id", d.getId());
        n.put("stf_file_id", d.getStfFileId());
        n.put("tf_file_id", d.getTfFileId());
        n.put("subscriber_id", d.getSubscriberId());
        n.put("destination", d.getDestination());
        n.put("dispatch_time", iso(d.getTime()));
        n.set("message_content", parse(d.getContent()));
        n.put("is_successful", d.getSuccessful());
        n.put("error_message", d.getError());
        return n;
    }

    // ---------------------------------------------------------------- helpers

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> f) {
        ArrayNode a = JSON.createArrayNode();
        items.forEach(i -> a.add(f.apply(i)));
        return a;
    }

    /** Request bodies here are small documents: Jackson refuses anything longer (a 400 naming body). */
    static final long MAX_BODY = 1 << 20;
    private static final ObjectMapper BODY_JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxDocumentLength(MAX_BODY)
                    .build()).build());

    private static ObjectNode body(HttpServletRequest req) throws IOException {
        JsonNode n;
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new FieldException(400, "body", "larger than " + MAX_BODY + " bytes");
        }
        try {
            n = BODY_JSON.readTree(req.getInputStream());
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new FieldException(400, "body", "larger than " + MAX_BODY + " bytes");
        } catch (JsonProcessingException e) {
            throw new FieldException(400, "body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new FieldException(400, "body", "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static long requiredLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new FieldException(field, "is required");
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new FieldException(field, "must be an integer, got " + n);
        }
        return n.asLong();
    }

    private static Long optionalLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : requiredLong(body, field);
    }

    private static String requiredText(ObjectNode body, String field) {
        String s = text(body, field);
        if (s == null || s.isBlank()) {
            throw new FieldException(field, "is required");
        }
        return s;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new FieldException(field, "must be a string, got " + n);
        }
        return n.asText();
    }

    /** A JSON object field handed on as text; null when absent. */
    private static String jsonText(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new FieldException(field, "must be a JSON object");
        }
        return n.toString();
    }

    private static Timestamp time(ObjectNode body, String field) {
        String s = text(body, field);
        if (s == null) {
            return null;
        }
        try {
            return Timestamp.from(Instant.parse(s));
        } catch (DateTimeParseException | IllegalArgumentException e) { // beyond Timestamp's range too
            throw new FieldException(field, "must be an ISO-8601 UTC time like 2026-01-15T10:00:00Z, got '" + s + "'");
        }
    }

    private static FileStatus requiredStatus(ObjectNode body) {
        FileStatus s = status(requiredText(body, "status"));
        return s;
    }

    private static FileStatus status(String s) {
        if (s == null) {
            return null;
        }
        FileStatus f = FileStatus.parse(s);
        if (f == null) {
            throw new FieldException("status", "must be one of registered, processing, processed, done, failed; got '"
                    + s + "'");
        }
        return f;
    }

    private static long runNumber(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new FieldException("run_number", "must be an integer, got '" + s + "'");
        }
    }

    private static Long optionalLong(HttpServletRequest req, String param) {
        String s = req.getParameter(param);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new FieldException(param, "must be an integer, got '" + s + "'");
        }
    }

    private static int limit(HttpServletRequest req) {
        Long l = optionalLong(req, "limit");
        if (l == null) {
            return 100;
        }
        if (l < 1 || l > 10_000) {
            throw new FieldException("limit", "must be 1..10000, got " + l);
        }
        return l.intValue();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static ObjectNode error(String message, String field) {
        ObjectNode n = JSON.createObjectNode();
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
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
