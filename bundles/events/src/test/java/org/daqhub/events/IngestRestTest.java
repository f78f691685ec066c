package org.daqhub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.core.http.ApiTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.daqhub.testdb.TestDatabase;

/**
 * What a client of the HTTP API sees: its own mistake is a 422 naming the field, a failure of the server an id to
 * find in the log, never the database's text. Its own PostgreSQL, because the last test breaks it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestRestTest {
    static final TestDatabase db = TestDatabase.fresh();
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(1 << 20, new IngestResource(new JobEvents(db.bookkeeping(),
                Map.of())));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static ApiTestServer.Answer post(String uri, String body) throws Exception {
        return api.post(uri, body);
    }

    static JsonNode json(ApiTestServer.Answer a) throws Exception {
        return JobEvents.JSON.readTree(a.body());
    }

    @Test
    @Order(1)
    void aNulCharacterIsA422NamingTheField() throws Exception {
        ObjectNode site = JobEventsTest.event("http-nul-site", "job", "jh1", "started", Instant.now());
        site.put("site_id", "site\u00001");
        ApiTestServer.Answer one = post("/v1/ingest/events", site.toString());
        assertEquals(422, one.status(), one.body());
        assertEquals("site_id", json(one).get("field").asText());
        assertTrue(json(one).get("error").asText().contains("NUL"), one.body());

        ObjectNode app = JobEventsTest.event("http-nul-app", "job", "jh2", "started", Instant.now());
        ((ObjectNode) app.get("app")).put("name", "re\u0000co");
        ApiTestServer.Answer batch = post("/v1/ingest/events:batch",
                "[" + JobEventsTest.event("http-ok", "job", "jh3", "started", Instant.now()) + "," + app + "]");
        assertEquals(422, batch.status(), batch.body());
        assertEquals("events[1].app.name", json(batch).get("field").asText());

        ApiTestServer.Answer fine = post("/v1/ingest/events", JobEventsTest.event("http-ok", "job", "jh3", "started",
                Instant.now()).toString());
        assertEquals(200, fine.status(), fine.body());
    }

    @Test
    @Order(1)
    void everyRouteAnswersInTheSeedsShape() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectNode started = JobEventsTest.event("shape-s", "job", "jshape", "started", now.minusSeconds(2));
        ((ObjectNode) started.get("event")).putObject("metadata").put("dataset", "d7");
        JsonNode one = json(post("/v1/event", started.toString()));
        assertEquals(true, one.get("ok").asBoolean(), one.toString());
        assertEquals(1, one.get("accepted").asInt(), one.toString());
        ObjectNode done = JobEventsTest.event("shape-f", "job", "jshape", "finished", now.minusSeconds(1));
        ApiTestServer.Answer batch = post("/v1/events/batch", "{\"events\": [" + done + "," + started + "]}");
        assertEquals(200, batch.status(), batch.body());
        assertEquals(2, json(batch).get("total").asInt());
        assertEquals(1, json(batch).get("duplicates").asInt());

        JsonNode jobs = json(api.get("/v1/jobs?status=succeeded,failed&limit=50"));
        assertTrue(jobs.get("items").isArray(), jobs.toString());
        assertEquals(jobs.get("items").size(), jobs.get("count").asInt());
        assertTrue(jobs.has("duration_s"), jobs.toString());
        JsonNode subjobs = json(api.get("/v1/subjobs"));
        assertEquals(0, subjobs.get("count").asInt(), subjobs.toString());

        JsonNode job = json(api.get("/v1/jobs/jshape"));
        assertEquals("d7", job.get("metadata").get("dataset").asText(), job.toString());
        assertEquals("d7", job.get("events").get(0).get("metadata").get("dataset").asText(), job.toString());
        assertTrue(job.get("events").get(0).get("event_id").isIntegralNumber(), job.toString());
        ApiTestServer.Answer missing = api.get("/v1/jobs/no-such-job");
        assertEquals(404, missing.status(), missing.body());
        assertEquals("job_id", json(missing).get("field").asText());

        for (String health : new String[] { "/v1/healthz", "/v1/health" }) {
            JsonNode h = json(api.get(health));
            assertEquals("ok", h.get("status").asText(), h.toString());
            assertEquals("daqhub", h.get("service").asText(), h.toString());
        }
        JsonNode integrations = json(api.get("/v1/integrations"));
        assertEquals(0, integrations.get("total").asInt(), integrations.toString());

        ApiTestServer.Answer badLimit = api.get("/v1/jobs?limit=many");
        assertEquals(400, badLimit.status(), badLimit.body());
        assertEquals(422, api.get("/v1/jobs?limit=0").status());
        assertEquals(422, api.get("/v1/jobs?status=sleeping").status());
        assertEquals(400, api.get("/v1/jobs?from=yesterday").status());
        assertEquals(405, api.get("/v1/ingest/events").status());
    }

    /** The id the answer names, found in the log line together with the database's text. */
    static String idInLog(ApiTestServer.Logged<ApiTestServer.Answer> call, int status, String databaseText) throws Exception {
        ApiTestServer.Answer a = call.result();
        assertEquals(status, a.status(), a.body());
        assertFalse(a.body().contains(databaseText), a.body());
        Matcher m = Pattern.compile("see the log for id ([0-9a-f]{8})").matcher(a.body());
        assertTrue(m.find(), a.body());
        String id = m.group(1);
        ObjectNode expected = JobEvents.JSON.createObjectNode().put("status", status).put("error",
                (status == 503 ? "database unavailable" : "internal error") + ", see the log for id " + id);
        assertEquals(expected, json(a)); // nothing else: no SQL, no exception
        String log = call.log();
        assertTrue(log.contains("error id " + id), log);
        assertTrue(log.substring(log.indexOf("error id " + id)).contains(databaseText), log);
        return id;
    }

    @Test
    @Order(2)
    void aDatabaseErrorIsLoggedUnderAnIdThatTheAnswerNamesWithoutTheDatabasesText() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("DROP TABLE event");
        }
        String event = JobEventsTest.event("http-broken", "job", "jh4", "started", Instant.now()).toString();
        String first = idInLog(ApiTestServer.logging(() -> post("/v1/ingest/events", event)), 500, "does not exist");

        db.cutOff(); // the database out of reach: worth a retry, so 503, and again without its text
        String second = idInLog(ApiTestServer.logging(() -> post("/v1/ingest/events", event)), 503, "refused");
        assertFalse(first.equals(second));
    }
}
