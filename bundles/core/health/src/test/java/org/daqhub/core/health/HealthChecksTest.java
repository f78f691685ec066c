package org.daqhub.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.core.http.ApiTestServer;
import org.daqhub.metatype.MetatypeCheck;
import org.daqhub.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The checks over instances as the supervisor reports them, a real PostgreSQL, and GET /api/v1/health over HTTP. */
class HealthChecksTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a supervisor reports: the instances the test sets. */
    static final class Instances implements RuntimeStatus {
        final List<InstanceStatus> now = new ArrayList<>();

        @Override
        public List<InstanceStatus> instances() {
            return List.copyOf(now);
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    }

    static InstanceStatus of(String kind, String name, String state, long spooled, String error) {
        return new InstanceStatus(kind, name, "t", state, 0, 0, 0, 0, 0, 0, spooled, 0, error, 0, 0, 0);
    }

    static Map<String, String> statuses(HealthReport r) {
        Map<String, String> m = new java.util.TreeMap<>();
        r.checks().forEach(c -> m.put(c.name(), c.status()));
        return m;
    }

    @Test
    void eachInstanceIsCheckedAndTheWorstIsOverall() {
        HealthChecks h = new HealthChecks(Map.of("spool.critical.frames", "1000"));
        Instances s = new Instances();
        h.addSource(s);
        s.now.add(of("driver", "demo", "RUNNING", 0, ""));
        s.now.add(of("store", "csv", "RUNNING", 12, ""));
        assertEquals("WARN", h.check(Set.of()).status(), "a spooling store is a warning");
        s.now.add(of("store", "pg", "RUNNING", 5000, "connection refused"));
        s.now.add(of("driver", "epics", "BACKOFF", 0, "no PV server"));
        HealthReport r = h.check(Set.of());
        assertEquals("CRITICAL", r.status());
        assertEquals(Map.of("driver demo", "OK", "store csv", "WARN", "store pg", "CRITICAL", "driver epics", "CRITICAL"),
                statuses(r));
        HealthReport.Check epics = r.checks().stream().filter(c -> c.name().equals("driver epics")).findFirst().orElseThrow();
        assertEquals(List.of("backoff: no PV server"), epics.reasons());
        assertEquals(Map.of("driver demo", "OK", "driver epics", "CRITICAL"), statuses(h.check(Set.of("driver"))), "by tag");
        assertEquals(Map.of("store csv", "WARN"), statuses(h.check(Set.of("csv"))), "an instance's name is a tag");
    }

    @Test
    void theDatabaseIsCriticalWhenItDoesNotAnswerAndTheApiSays503() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        HealthChecks h = new HealthChecks(Map.of());
        h.setDatabase(db.bookkeeping());
        try (ApiTestServer api = ApiTestServer.start(1 << 20, new HealthResource(h))) {
            ApiTestServer.Answer ok = api.get("/api/v1/health");
            assertEquals(200, ok.status(), ok.body());
            assertEquals("OK", JSON.readTree(ok.body()).get("status").asText());
            db.cutOff();
            ApiTestServer.Answer down = api.get("/api/v1/health?tags=database");
            assertEquals(503, down.status(), down.body());
            JsonNode check = JSON.readTree(down.body()).get("checks").get(0);
            assertEquals("database", check.get("name").asText());
            assertTrue(check.get("reasons").get(0).asText().contains("does not answer"), check.toString());
        }
    }

    @Test
    void theMetatypeDeclaresExactlyTheKeysTheChecksRead() throws Exception {
        Set<String> read = new TreeSet<>();
        new HealthChecks(MetatypeCheck.recording(read, Map.of()));
        assertEquals(new TreeSet<>(MetatypeCheck.metatype(HealthConfig.class).keySet()), read);
    }
}
