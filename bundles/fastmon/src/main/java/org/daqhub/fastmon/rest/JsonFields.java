package org.daqhub.fastmon.rest;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.daqhub.fastmon.FieldException;
import org.daqhub.fastmon.model.FileStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Members of a request body read with the field named in every refusal (422 a wrong value, 400 no object). */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFields() {
    }

    static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new FieldException(400, "body", "must be a JSON object");
        }
        return (ObjectNode) body;
    }

    static long requiredLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new FieldException(field, "is required");
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new FieldException(field, "must be an integer, got " + n);
        }
        return n.asLong();
    }

    static Long optionalLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : requiredLong(body, field);
    }

    static String requiredText(ObjectNode body, String field) {
        String s = text(body, field);
        if (s == null || s.isBlank()) {
            throw new FieldException(field, "is required");
        }
        return s;
    }

    static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new FieldException(field, "must be a string, got " + n);
        }
        return n.asText();
    }

    /** A JSON object member handed on as text; null when absent. */
    static String jsonText(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new FieldException(field, "must be a JSON object");
        }
        return n.toString();
    }

    static Timestamp time(ObjectNode body, String field) {
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

    static FileStatus status(String s) {
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

    /** Stored JSON text as JSON again; text that is not JSON stays text. */
    static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
