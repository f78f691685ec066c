package org.daqhub.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;

import org.daqhub.api.http.ApiException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ErrorModelTest {
    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void apiExceptionKeepsStatusAndField() {
        Response r = mapper.toResponse(ApiException.invalid("limit", "must be 1..10000, got 0"));
        assertEquals(422, r.getStatus());
        assertEquals(Map.of("status", 422, "error", "limit: must be 1..10000, got 0", "field", "limit"), r.getEntity());
    }

    @Test
    void jaxrsRefusalsKeepTheirStatus() {
        Response r = mapper.toResponse(new NotAllowedException("GET"));
        assertEquals(405, r.getStatus());
        assertEquals(405, ((Map<?, ?>) r.getEntity()).get("status"));
    }

    @Test
    void otherFailuresAreTheServersWithAnIdOnly() {
        Response r = mapper.toResponse(new IllegalStateException("relation \"secret_table\" does not exist"));
        assertEquals(500, r.getStatus());
        String error = (String) ((Map<?, ?>) r.getEntity()).get("error");
        assertEquals(false, error.contains("secret_table"), error);
        Response down = mapper.toResponse(new RuntimeException(new SQLException("refused", "08001")));
        assertEquals(503, down.getStatus());
    }

    @Test
    void clientErrorsAre4xxOnly() {
        assertThrows(IllegalArgumentException.class, () -> new ApiException(500, null, "x"));
    }

    @Test
    void jsonProviderRefusesWhatItCannotRead() {
        JsonProvider json = new JsonProvider(1024, 8);
        assertEquals(400, read(json, "{not json").status());
        assertEquals(400, read(json, "").status());
        assertEquals("body", read(json, "").field());
        assertEquals(413, read(json, "{\"a\":\"" + "x".repeat(50_000) + "\"}").status());
        assertEquals(400, read(json, "[[[[[[[[[[[[1]]]]]]]]]]]]").status());
    }

    @Test
    void jsonProviderWritesRecordsInSnakeCase() throws Exception {
        record Run(long runNumber, boolean isActive, String endTime) {
        }
        var out = new java.io.ByteArrayOutputStream();
        new JsonProvider(1024, 8).writeTo(new Run(7, true, null), Run.class, Run.class, null, null, null, out);
        assertEquals("{\"run_number\":7,\"is_active\":true,\"end_time\":null}", out.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static ApiException read(JsonProvider json, String body) {
        return assertThrows(ApiException.class, () -> json.readFrom((Class) JsonNode.class, JsonNode.class, null, null,
                new MultivaluedHashMap<>(), new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }
}
