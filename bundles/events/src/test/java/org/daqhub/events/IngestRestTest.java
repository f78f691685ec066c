package org.daqhub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.core.persistence.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What a client of the HTTP API sees: its own mistake is a 422 naming the field, a failure of the server an id to
 * find in the log, never the database's text. Its own PostgreSQL, because the last test breaks it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestServletTest {
    static EmbeddedPostgres pg;
    static IngestServlet servlet;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setPgBinaryResolver((s, a) -> PostgresDatabase.class.getResourceAsStream("/postgres-linux-x86_64.txz"))
                .start();
        servlet = new IngestServlet(new JobEvents(PostgresDatabase.over(pg.getPostgresDatabase()), Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    static FakeHttp.Answer post(String uri, String body) throws Exception {
        return FakeHttp.call(servlet, "POST", uri, body, Map.of());
    }

    static JsonNode json(FakeHttp.Answer a) throws Exception {
        return JobEvents.JSON.readTree(a.body());
    }

    @Test
    @Order(1)
    void aNulCharacterIsA422NamingTheField() throws Exception {
        ObjectNode site = JobEventsTest.event("http-nul-site", "job", "jh1", "started", Instant.now());
        site.put("site_id", "site\u00001");
        FakeHttp.Answer one = post("/v1/ingest/events", site.toString());
        assertEquals(422, one.status(), one.body());
        assertEquals("site_id", json(one).get("field").asText());
        assertTrue(json(one).get("error").asText().contains("NUL"), one.body());

        ObjectNode app = JobEventsTest.event("http-nul-app", "job", "jh2", "started", Instant.now());
        ((ObjectNode) app.get("app")).put("name", "re\u0000co");
        FakeHttp.Answer batch = post("/v1/ingest/events:batch",
                "[" + JobEventsTest.event("http-ok", "job", "jh3", "started", Instant.now()) + "," + app + "]");
        assertEquals(422, batch.status(), batch.body());
        assertEquals("events[1].app.name", json(batch).get("field").asText());

        FakeHttp.Answer fine = post("/v1/ingest/events", JobEventsTest.event("http-ok", "job", "jh3", "started",
                Instant.now()).toString());
        assertEquals(202, fine.status(), fine.body());
    }

    /** The id the answer names, found in the log line together with the database's text. */
    static String idInLog(FakeHttp.Logged<FakeHttp.Answer> call, int status, String databaseText) throws Exception {
        FakeHttp.Answer a = call.result();
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
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("DROP TABLE event");
        }
        String event = JobEventsTest.event("http-broken", "job", "jh4", "started", Instant.now()).toString();
        String first = idInLog(FakeHttp.logging(() -> post("/v1/ingest/events", event)), 500, "does not exist");

        pg.close(); // the database out of reach: worth a retry, so 503, and again without its text
        String second = idInLog(FakeHttp.logging(() -> post("/v1/ingest/events", event)), 503, "refused");
        assertFalse(first.equals(second));
    }
}
