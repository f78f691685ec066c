package org.daqhub.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fast monitoring's JSON: one ObjectMapper with default settings (thread-safe, holds no state of ours) for the
 * messages it reads and writes, and the check of the fields that must hold a JSON object (metadata, run
 * conditions), shared by {@link StfRegistrar} and {@link Bookkeeping}.
 */
final class FastmonJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private FastmonJson() {
    }

    /** Validates a JSON object text; {@link FieldException} names the field otherwise. */
    static String jsonObject(String field, String text) {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new FieldException(field, "must be a JSON object");
            }
            return n.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FieldException(field, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
