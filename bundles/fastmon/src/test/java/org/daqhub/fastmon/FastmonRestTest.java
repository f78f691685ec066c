package org.daqhub.fastmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.core.http.ApiTestServer;
import org.daqhub.fastmon.rest.FilesResource;
import org.daqhub.fastmon.rest.RunsResource;
import org.daqhub.fastmon.rest.SubscribersResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a client of the REST API sees: its own mistake is a 422 naming the field, a failure of the server an id to
 * find in the log, never the database's text. A fixture of its own, because the last test breaks the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastmonRestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static FastmonFixture fx;
    static FastMonitor fastmon;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        fx = new FastmonFixture();
        fastmon = fx.fastmon(11, "listen.stf.ready", false);
        api = ApiTestServer.start(1 << 20, new RunsResource(fastmon), new FilesResource(fastmon),
                new SubscribersResource(fastmon));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        fastmon.deactivate();
        fx.close();
    }

    static ApiTestServer.Answer post(String uri, String body) throws Exception {
        return api.post(uri, body);
    }

    static ObjectNode stf(String url) {
        return JSON.createObjectNode().put("run_number", 7800).put("file_url", url);
    }

    static String field(ApiTestServer.Answer a) throws Exception {
        return JSON.readTree(a.body()).path("field").asText();
    }

    @Test
    @Order(1)
    void aBadFieldIsA422NamingItAndAnUnreadableBodyA400() throws Exception {
        ApiTestServer.Answer longUrl = post("/api/v1/stf-files", stf("file:///data/" + "d/".repeat(1000) + "x.stf").toString());
        assertEquals(422, longUrl.status(), longUrl.body());
        assertEquals("file_url", field(longUrl));
        ApiTestServer.Answer nulName = post("/api/v1/stf-files", stf("file:///data/a\u0000b.stf").toString());
        assertEquals(422, nulName.status(), nulName.body());
        assertEquals("file_url", field(nulName));
        ApiTestServer.Answer nulId = post("/api/v1/stf-files", stf("file:///data/ok.stf").put("stf_identifier", "o\u0000k")
                .toString());
        assertEquals(422, nulId.status(), nulId.body());
        assertEquals("stf_identifier", field(nulId));
        ApiTestServer.Answer ok = post("/api/v1/stf-files", stf("file:///data/ok.stf").toString());
        assertEquals(201, ok.status(), ok.body());

        ApiTestServer.Answer garbage = post("/api/v1/stf-files", "{not json");
        assertEquals(400, garbage.status(), garbage.body());
        assertEquals("body", field(garbage));
        ApiTestServer.Answer nulLookup = api.get("/api/v1/dispatches?stf=x%00");
        assertEquals(422, nulLookup.status(), nulLookup.body());
        assertEquals("stf", field(nulLookup));
    }

    @Test
    @Order(1)
    void theSameMistakeHasTheSameStatusOnEveryRoute() throws Exception {
        for (String list : new String[] { "/api/v1/runs", "/api/v1/stf-files", "/api/v1/tf-files", "/api/v1/dispatches" }) {
            ApiTestServer.Answer notANumber = api.get(list + "?limit=abc");
            assertEquals(400, notANumber.status(), list + " " + notANumber.body());
            assertEquals("limit", field(notANumber));
            ApiTestServer.Answer outOfRange = api.get(list + "?limit=0");
            assertEquals(422, outOfRange.status(), list + " " + outOfRange.body());
            assertEquals("limit", field(outOfRange));
        }
        ApiTestServer.Answer nowhere = api.get("/api/v1/nowhere");
        assertEquals(404, nowhere.status(), nowhere.body());
        assertEquals(404, JSON.readTree(nowhere.body()).get("status").asInt());
        ApiTestServer.Answer noSuchRun = api.get("/api/v1/runs/424242");
        assertEquals(404, noSuchRun.status(), noSuchRun.body());
        ApiTestServer.Answer wrongMethod = api.call("DELETE", "/api/v1/runs/7800", null);
        assertEquals(405, wrongMethod.status(), wrongMethod.body());
        ApiTestServer.Answer notAnObject = post("/api/v1/runs", "[1]");
        assertEquals(400, notAnObject.status(), notAnObject.body());
        assertEquals("body", field(notAnObject));
        ApiTestServer.Answer duplicate = post("/api/v1/subscribers", "{\"subscriber_name\":\"twice\",\"fraction\":0.5}");
        assertEquals(201, duplicate.status(), duplicate.body());
        assertEquals(409, post("/api/v1/subscribers", "{\"subscriber_name\":\"twice\",\"fraction\":0.5}").status());
    }

    @Test
    @Order(1)
    void numbersKeepTheirTypes() throws Exception {
        ApiTestServer.Answer created = post("/api/v1/runs", "{\"run_number\":7801,\"run_conditions\":{\"beam\":\"on\"}}");
        assertEquals(201, created.status(), created.body());
        JsonNode run = JSON.readTree(created.body());
        assertTrue(run.get("run_id").isIntegralNumber(), created.body());
        assertTrue(run.get("run_number").isIntegralNumber(), created.body());
        assertEquals(true, run.get("created").asBoolean());
        assertEquals("on", run.get("run_conditions").get("beam").asText());
        ApiTestServer.Answer again = post("/api/v1/runs", "{\"run_number\":7801}");
        assertEquals(200, again.status(), again.body());
        assertEquals(false, JSON.readTree(again.body()).get("created").asBoolean());
        JsonNode list = JSON.readTree(api.get("/api/v1/runs?limit=10").body());
        assertTrue(list.isArray() && list.size() >= 1, list.toString());
    }

    @Test
    @Order(2)
    void aDatabaseErrorIsLoggedUnderAnIdThatTheAnswerNamesWithoutTheDatabasesText() throws Exception {
        try (Connection c = fx.database.dataSource().getConnection()) {
            c.createStatement().execute("DROP TABLE message_queue_dispatches");
        }
        ApiTestServer.Logged<ApiTestServer.Answer> call = ApiTestServer.logging(() -> api.get("/api/v1/dispatches"));
        ApiTestServer.Answer a = call.result();
        assertEquals(500, a.status(), a.body());
        assertFalse(a.body().contains("does not exist"), a.body());
        assertFalse(a.body().contains("message_queue_dispatches"), a.body());
        Matcher m = Pattern.compile("see the log for id ([0-9a-f]{8})").matcher(a.body());
        assertTrue(m.find(), a.body());
        String id = m.group(1);
        JsonNode expected = JSON.createObjectNode().put("status", 500).put("error",
                "internal error, see the log for id " + id);
        assertEquals(expected, JSON.readTree(a.body())); // nothing else: no SQL, no exception
        String log = call.log();
        assertTrue(log.contains("error id " + id), log);
        assertTrue(log.substring(log.indexOf("error id " + id)).contains("does not exist"), log);
    }
}
