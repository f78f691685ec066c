package org.daqhub.core.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.daqhub.api.driver.Driver;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.core.http.ApiTestServer;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Remote control over real HTTP (CXF with daqhub's JSON provider and error model) of a real driver supervisor: the
 * demo's driver and a store of the same name, stop, start, restart, and every refusal with its status.
 */
class InstanceResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DriverSupervisor drivers = new DriverSupervisor(new org.daqhub.core.bus.LocalFrameBus("n1"));
    private final AtomicInteger running = new AtomicInteger();
    private boolean active;

    /** A store part of the same instance name, which cannot be stopped (as an integration cannot). */
    private static final RuntimeStatus STORE = new RuntimeStatus() {
        @Override
        public List<InstanceStatus> instances() {
            return List.of(new InstanceStatus("store", "demo", "org.daqhub.store.csv", "RUNNING", 5, 50, 1, 10, 0, 0, 0,
                    0, "", 0, 0, 0));
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    };

    /** A driver that takes one command, {@code level}. */
    final class Pump implements Driver, org.daqhub.api.driver.DriverCommands {
        volatile String level = "low";

        @Override
        public void run(org.daqhub.api.driver.DriverContext ctx) throws Exception {
            running.incrementAndGet();
            try {
                while (!ctx.stopping()) {
                    ctx.heartbeat();
                    Thread.sleep(10);
                }
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public String command(Map<String, String> command) {
            if (!command.keySet().equals(Set.of("level"))) {
                throw new IllegalArgumentException("the pump takes level, not " + command.keySet());
            }
            level = command.get("level");
            return "level " + level;
        }
    }

    @Test
    void aCommandReachesTheDriverThatTakesCommands() throws Exception {
        try (ApiTestServer api = start()) {
            ApiTestServer.Answer ok = api.post("/api/v1/instances/demo/message?kind=driver", "{\"level\": \"high\"}");
            assertEquals(200, ok.status(), ok.body());
            JsonNode a = JSON.readTree(ok.body());
            assertEquals(1, a.get("delivered").asInt());
            assertEquals("level high", a.get("answers").get(0).asText());
            ApiTestServer.Answer refused = api.post("/api/v1/instances/demo/message?kind=driver", "{\"speed\": 3}");
            assertEquals(422, refused.status(), refused.body());
            assertTrue(refused.body().contains("the pump takes level"), refused.body());
            ApiTestServer.Answer store = api.post("/api/v1/instances/demo/message?kind=store", "{\"level\": 1}");
            assertEquals(409, store.status(), store.body());
            assertTrue(store.body().contains("takes no commands"), store.body());
        }
    }

    @AfterEach
    void stop() {
        if (active) {
            drivers.deactivate();
        }
    }

    private ApiTestServer start() throws Exception {
        Driver idle = new Pump();
        drivers.activate(Map.of());
        active = true;
        drivers.addDriver(idle, Map.of("service.pid", "org.daqhub.driver.simulator~demo", "component.name",
                "org.daqhub.driver.simulator"));
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);
        InstanceResource r = new InstanceResource((InstanceConfigurations) null);
        r.addPart(drivers);
        r.addPart(STORE);
        return ApiTestServer.start(1 << 20, r);
    }

    @Test
    void anOperatorStopsAndStartsTheDemoDriver() throws Exception {
        try (ApiTestServer api = start()) {
            JsonNode list = JSON.readTree(api.get("/api/v1/instances").body());
            assertEquals(2, list.get("count").asInt(), list.toString());
            ApiTestServer.Answer ambiguous = api.get("/api/v1/instances/demo");
            assertEquals(409, ambiguous.status(), ambiguous.body());
            assertTrue(ambiguous.body().contains("kind"), ambiguous.body());
            JsonNode one = JSON.readTree(api.get("/api/v1/instances/demo?kind=driver").body());
            assertEquals("RUNNING", one.get("state").asText(), one.toString());
            assertEquals("driver", one.get("status").get("kind").asText(), one.toString());

            ApiTestServer.Answer stopped = api.post("/api/v1/instances/demo/stop?kind=driver", "{}");
            assertEquals(200, stopped.status(), stopped.body());
            assertEquals("STOPPED", JSON.readTree(stopped.body()).get("state").asText());
            assertEquals(1, JSON.readTree(stopped.body()).get("delivered").asInt());
            assertEquals(0, running.get(), "the driver's thread has ended");
            assertEquals(409, api.post("/api/v1/instances/demo/stop?kind=driver", "{}").status(), "already stopped");
            assertEquals(409, api.post("/api/v1/instances/demo/stop?kind=store", "{}").status(), "a part that cannot stop");

            ApiTestServer.Answer started = api.post("/api/v1/instances/demo/start?kind=driver", "{}");
            assertEquals(200, started.status(), started.body());
            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);
            assertEquals(409, api.post("/api/v1/instances/demo/start?kind=driver", "{}").status(), "already running");
            assertEquals(200, api.post("/api/v1/instances/demo/restart?kind=driver", "{}").status());
        }
    }

    @Test
    void refusalsNameWhatIsWrong() throws Exception {
        try (ApiTestServer api = start()) {
            ApiTestServer.Answer unknown = api.post("/api/v1/instances/nobody/stop", "{}");
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.body().contains("nobody"), unknown.body());
            ApiTestServer.Answer typeless = api.call("POST", "/api/v1/instances/demo/stop?kind=driver", "{}", null, null);
            assertEquals(415, typeless.status(), typeless.body()); // what a cross-site fetch of a Blob sends
            ApiTestServer.Answer field = api.post("/api/v1/instances/demo/stop?kind=driver", "{\"force\": true}");
            assertEquals(422, field.status(), field.body());
            assertEquals("force", JSON.readTree(field.body()).get("field").asText(), field.body());
            assertEquals(1, running.get(), "a refused action did nothing");
        }
    }

    @Test
    void secretsAreMaskedByMetatypeAndByName() {
        Map<String, Object> shown = InstanceConfigurations.masked(Map.of("url", "https://hooks.slack.com/services/T/B/x",
                "password", "s3cret", "api.key", "lin_api_1", "rate", 10, "service.pid", "x~y", "token", "", "target",
                "https://ops:pw@es.lab/x?api_key=1", "headers", "Authorization: Bearer abc", "out.dir", "csv"),
                Set.of("url"));
        String m = InstanceConfigurations.MASK;
        assertEquals(Map.of("url", m, "password", m, "api.key", m, "rate", 10, "token", "", "target", "https://" + m
                + "@es.lab/x?" + m, "headers", m, "out.dir", "csv"), shown);
    }
}
