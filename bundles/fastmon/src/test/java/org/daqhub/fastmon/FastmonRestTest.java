package org.daqhub.fastmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.fastmon.rest.FastmonServlet;
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
class FastmonServletTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static FastmonFixture fx;
    static FastMonitor fastmon;
    static FastmonServlet servlet;

    @BeforeAll
    static void start() throws Exception {
        fx = new FastmonFixture();
        fastmon = fx.fastmon(11, "listen.stf.ready", false);
        servlet = new FastmonServlet(fastmon);
    }

    @AfterAll
    static void stop() throws Exception {
        fastmon.deactivate();
        fx.close();
    }

    static FakeHttp.Answer post(String uri, String body) throws Exception {
        return FakeHttp.call(servlet, "POST", uri, body, Map.of());
    }

    static ObjectNode stf(String url) {
        return JSON.createObjectNode().put("run_number", 7800).put("file_url", url);
    }

    static String field(FakeHttp.Answer a) throws Exception {
        return JSON.readTree(a.body()).path("field").asText();
    }

    @Test
    @Order(1)
    void aBadFieldIsA422NamingItAndAnUnreadableBodyA400() throws Exception {
        FakeHttp.Answer longUrl = post("/api/v1/stf-files", stf("file:///data/" + "d/".repeat(1000) + "x.stf").toString());
        assertEquals(422, longUrl.status(), longUrl.body());
        assertEquals("file_url", field(longUrl));
        FakeHttp.Answer nulName = post("/api/v1/stf-files", stf("file:///data/a\u0000b.stf").toString());
        assertEquals(422, nulName.status(), nulName.body());
        assertEquals("file_url", field(nulName));
        FakeHttp.Answer nulId = post("/api/v1/stf-files", stf("file:///data/ok.stf").put("stf_identifier", "o\u0000k")
                .toString());
        assertEquals(422, nulId.status(), nulId.body());
        assertEquals("stf_identifier", field(nulId));
        FakeHttp.Answer ok = post("/api/v1/stf-files", stf("file:///data/ok.stf").toString());
        assertEquals(201, ok.status(), ok.body());

        FakeHttp.Answer garbage = post("/api/v1/stf-files", "{not json");
        assertEquals(400, garbage.status(), garbage.body());
        assertEquals("body", field(garbage));
        FakeHttp.Answer nulLookup = FakeHttp.call(servlet, "GET", "/api/v1/dispatches", null, Map.of("stf", "x\u0000"));
        assertEquals(422, nulLookup.status(), nulLookup.body());
        assertEquals("stf", field(nulLookup));
    }

    @Test
    @Order(2)
    void aDatabaseErrorIsLoggedUnderAnIdThatTheAnswerNamesWithoutTheDatabasesText() throws Exception {
        try (Connection c = fx.database.dataSource().getConnection()) {
            c.createStatement().execute("DROP TABLE message_queue_dispatches");
        }
        FakeHttp.Logged<FakeHttp.Answer> call = FakeHttp.logging(
                () -> FakeHttp.call(servlet, "GET", "/api/v1/dispatches", null, Map.of()));
        FakeHttp.Answer a = call.result();
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
