package org.daqhub.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.core.http.ApiTestServer;
import org.daqhub.metatype.MetatypeCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Silences and routes over the HTTP surface (CXF with daqhub's JSON provider and error mapper), on PostgreSQL. */
class NotificationRestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static OutboxHarness harness;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        harness = new OutboxHarness();
        api = ApiTestServer.start(1 << 20, new NotificationResource(harness.outbox()));
    }

    @AfterAll
    static void stop() {
        api.close();
        harness.close();
    }

    @Test
    void aSilenceIsCreatedListedAndExpired() throws Exception {
        ApiTestServer.Answer made = api.post("/api/v1/silences", "{\"matchers\": {\"instance\": \"sim-*\", \"severity\": "
                + "[\"warning\", \"critical\"]}, \"duration_s\": 7200, \"comment\": \"detector maintenance\"}");
        assertEquals(201, made.status(), made.body());
        JsonNode s = JSON.readTree(made.body());
        assertEquals("[\"warning\",\"critical\"]", s.get("matchers").get("severity").toString());
        assertTrue(s.get("active").asBoolean());
        assertEquals("detector maintenance", s.get("comment").asText());
        long id = s.get("silence_id").asLong();
        assertEquals(1, JSON.readTree(api.get("/api/v1/silences").body()).size());
        assertEquals(204, api.call("DELETE", "/api/v1/silences/" + id, null).status());
        assertEquals(404, api.call("DELETE", "/api/v1/silences/" + id, null).status(), "expired already");
        assertEquals(0, JSON.readTree(api.get("/api/v1/silences").body()).size());
        assertEquals(1, JSON.readTree(api.get("/api/v1/silences?expired=true").body()).size(), "kept for the record");
    }

    @Test
    void mistakesAre422NamingTheField() throws Exception {
        ApiTestServer.Answer unknownField = api.post("/api/v1/silences", "{\"matchers\": {\"instance\": \"a\"}, "
                + "\"duration_s\": 60, \"creator\": \"me\"}");
        assertEquals(422, unknownField.status());
        assertEquals("creator", JSON.readTree(unknownField.body()).get("field").asText());
        ApiTestServer.Answer badAttribute = api.post("/api/v1/silences", "{\"matchers\": {\"hostname\": \"a\"}, \"duration_s\": 60}");
        assertEquals(422, badAttribute.status());
        assertTrue(badAttribute.body().contains("hostname"), badAttribute.body());
        assertEquals(422, api.post("/api/v1/silences", "{\"matchers\": {}, \"duration_s\": 60}").status(), "no matcher");
        assertEquals(422, api.post("/api/v1/silences", "{\"matchers\": {\"instance\": \"a\"}}").status(), "no end");
        assertEquals(422, api.post("/api/v1/silences", "{\"matchers\": {\"instance\": \"a\"}, \"ends_at\": \"tomorrow\"}").status());
        assertEquals(400, api.call("DELETE", "/api/v1/silences/abc", null).status());
    }

    @Test
    void theRoutesAndThePerChannelCountsAreReadable() throws Exception {
        JsonNode routes = JSON.readTree(api.get("/api/v1/notifications/routes").body());
        assertTrue(routes.get(0).asText().startsWith("root"), routes.toString());
        assertEquals(200, api.get("/api/v1/notifications").status());
    }

    @Test
    void theDeliveryMetatypeDeclaresExactlyTheKeysTheOutboxReads() throws Exception {
        Set<String> read = new TreeSet<>();
        Map<String, Object> props = MetatypeCheck.recording(read, Map.of());
        NotifyConfigValues.read(props);
        RouteSpec.root(props);
        assertEquals(new TreeSet<>(MetatypeCheck.metatype(NotifyConfig.class).keySet()), read);
    }
}
