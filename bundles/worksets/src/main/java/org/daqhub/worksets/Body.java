package org.daqhub.worksets;

import java.util.Iterator;
import java.util.Set;

import org.daqhub.api.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

/** A request body's fields, typed, each named in the 422 when it is wrong; a field nobody reads is refused too. */
final class Body {
    private final JsonNode node;

    private Body(JsonNode node) {
        this.node = node;
    }

    static Body of(JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiException.invalid(f, "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        return new Body(node);
    }

    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field, "must be a string");
        }
        if (v.asText().indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain NUL");
        }
        return v.asText();
    }

    Long integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw ApiException.invalid(field, "must be a whole number");
        }
        return v.asLong();
    }

    JsonNode object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.invalid(field, "must be a JSON object");
        }
        return v;
    }
}
