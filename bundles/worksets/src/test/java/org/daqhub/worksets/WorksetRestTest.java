package org.daqhub.worksets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.daqhub.core.http.ApiTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import org.daqhub.testdb.TestDatabase;

/** The seed's routes and names over real HTTP (CXF with daqhub's JSON provider and error mapper), on a real PostgreSQL. */
class WorksetRestTest {
    static final TestDatabase db = TestDatabase.fresh();
    static Worksets worksets;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        worksets = new Worksets(db.bookkeeping(), Map.of());
        api = ApiTestServer.start(1 << 20, new WorksetResource(worksets));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        worksets.deactivate();
    }

    static JsonNode json(ApiTestServer.Answer a) throws Exception {
        return WorksetRows.JSON.readTree(a.body());
    }

    @Test
    void aWorksetsLifeThroughTheSeedsRoutes() throws Exception {
        assertEquals(404, api.get("/api/v1/worksets/next").status(), "nothing ready yet");
        ApiTestServer.Answer reg = api.post("/api/v1/worksets", "{\"workset_id\": \"ws-001\", \"bucket\": \"my-bucket\", "
                + "\"prefix\": \"ws-001/\", \"priority\": \"urgent\", \"metadata\": {\"samples\": 10, \"estimated_cost\": 50.0}}");
        assertEquals(201, reg.status(), reg.body());
        assertEquals("ready", json(reg).get("state").asText());
        assertEquals(50.0, json(reg).get("estimated_cost").asDouble());
        assertEquals(409, api.post("/api/v1/worksets", "{\"workset_id\": \"ws-001\"}").status());

        // /worksets/next is a route of its own, not the workset "next"
        ApiTestServer.Answer next = api.get("/api/v1/worksets/next");
        assertEquals(200, next.status(), next.body());
        assertEquals("ws-001", json(next).get("workset_id").asText());

        ApiTestServer.Answer lock = api.post("/api/v1/worksets/ws-001/lock?owner_id=monitor-1", "");
        assertEquals(200, lock.status(), lock.body());
        long token = json(lock).get("fencing_token").asLong();
        assertEquals(409, api.post("/api/v1/worksets/ws-001/lock?owner_id=monitor-2", "").status());
        assertEquals(422, api.call("DELETE", "/api/v1/worksets/ws-001/lock?owner_id=monitor-2", null).status(),
                "a release names the lease it gives up");
        assertEquals(403, api.call("DELETE", "/api/v1/worksets/ws-001/lock?owner_id=monitor-2&fencing_token=" + token, null)
                .status());

        ApiTestServer.Answer unfenced = api.call("PUT", "/api/v1/worksets/ws-001/state",
                "{\"state\": \"in_progress\", \"reason\": \"Processing started\"}");
        assertEquals(403, unfenced.status(), unfenced.body());
        ApiTestServer.Answer started = api.call("PUT", "/api/v1/worksets/ws-001/state", "{\"state\": \"in_progress\", "
                + "\"reason\": \"Processing started\", \"owner_id\": \"monitor-1\", \"fencing_token\": " + token + "}");
        assertEquals(200, started.status(), started.body());
        assertEquals(200, api.post("/api/v1/worksets/ws-001/lock/heartbeat?owner_id=monitor-1&fencing_token=" + token, "")
                .status());
        ApiTestServer.Answer done = api.call("PUT", "/api/v1/worksets/ws-001/state", "{\"state\": \"complete\", "
                + "\"reason\": \"done\", \"metrics\": {\"vcpu_hours\": 3.5}, \"owner_id\": \"monitor-1\", \"fencing_token\": "
                + token + "}");
        assertEquals(200, done.status(), done.body());
        JsonNode ws = json(api.get("/api/v1/worksets/ws-001"));
        assertEquals("complete", ws.get("state").asText());
        assertEquals(3.5, ws.get("metrics").get("vcpu_hours").asDouble());
        assertEquals(4, ws.get("state_history").size()); // ready, locked, in_progress, complete
        assertEquals(404, api.get("/api/v1/worksets/ws-404").status());

        JsonNode stats = json(api.get("/api/v1/queue/stats"));
        assertEquals(1, stats.get("total_worksets").asLong());
        assertEquals(1, stats.get("queue_depth").get("complete").asLong());
        JsonNode sched = json(api.get("/api/v1/scheduler/stats"));
        assertEquals(0, sched.get("total_clusters").asInt());
        assertEquals(1, sched.get("queue_depth").get("complete").asLong());
    }

    @Test
    void mistakesNameTheirField() throws Exception {
        ApiTestServer.Answer unknown = api.post("/api/v1/worksets", "{\"workset_id\": \"ws-x\", \"priorty\": \"low\"}");
        assertEquals(422, unknown.status());
        assertEquals("priorty", json(unknown).get("field").asText());
        ApiTestServer.Answer badPriority = api.post("/api/v1/worksets", "{\"workset_id\": \"ws-x\", \"priority\": \"asap\"}");
        assertEquals(422, badPriority.status());
        assertEquals("priority", json(badPriority).get("field").asText());
        assertEquals(422, api.get("/api/v1/worksets?state=sleeping").status());
        assertEquals(400, api.get("/api/v1/worksets?limit=abc").status());
        ApiTestServer.Answer noOwner = api.post("/api/v1/queue/claim", "");
        assertEquals(422, noOwner.status());
        assertEquals("owner_id", json(noOwner).get("field").asText());
        ApiTestServer.Answer badToken = api.post("/api/v1/worksets/ws-x/lock/heartbeat?owner_id=a&fencing_token=x", "");
        assertEquals(400, badToken.status(), badToken.body());
        assertTrue(json(badToken).get("error").asText().contains("fencing_token"), badToken.body());
    }
}
