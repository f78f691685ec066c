package org.daqhub.monitor.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.monitor.MonitoringEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Against {@link BulkApiServer}, a local server speaking Elasticsearch's _bulk wire format. */
class ElasticsearchIntegrationTest {
    BulkApiServer es;

    @BeforeEach
    void start() throws IOException {
        es = new BulkApiServer();
    }

    @AfterEach
    void stop() {
        es.close();
    }

    static ElasticsearchIntegration integration(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.monitor.elasticsearch");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        ElasticsearchIntegration e = new ElasticsearchIntegration();
        e.activate(m);
        return e;
    }

    static MonitoringEvent event(String kind, String key, String at) {
        return new MonitoringEvent(kind, "job", "j-" + key, kind.equals("finished") ? "succeeded" : "running",
                Instant.parse(at), Map.of("idempotency_key", key, "duration_s", 4.5, "app", "reco"));
    }

    @Test
    void eventsGoToTheIndexOfTheirUtcDayUnderTheirKey() throws Exception {
        ElasticsearchIntegration out = integration("url", es.url(), "index.prefix", "daqhub");
        List<MonitoringEvent> batch = List.of(event("started", "k1", "2026-11-23T23:59:59Z"),
                event("finished", "k2", "2026-11-24T00:00:01Z"),
                new MonitoringEvent("end_run", "run", "9100", "", Instant.parse("2026-11-24T00:00:02Z"), Map.of()));
        out.export(batch);
        assertEquals(Map.of("daqhub-2026.11.23", 1, "daqhub-2026.11.24", 2),
                Map.of("daqhub-2026.11.23", es.indices.get("daqhub-2026.11.23").size(),
                        "daqhub-2026.11.24", es.indices.get("daqhub-2026.11.24").size()));
        JsonNode doc = es.indices.get("daqhub-2026.11.24").get("k2");
        assertEquals("finished", doc.get("kind").asText());
        assertEquals("j-k2", doc.get("key").asText());
        assertEquals("succeeded", doc.get("status").asText());
        assertEquals("2026-11-24T00:00:01Z", doc.get("@timestamp").asText());
        assertEquals(4.5, doc.get("attributes").get("duration_s").asDouble());
        // sent again (as after a failure): the same documents, not new ones
        out.export(batch);
        assertEquals(3, es.indices.values().stream().mapToInt(Map::size).sum());
        assertEquals(6, out.indexed.get());
    }

    @Test
    void itemsRefusedForNowFailTheBatchAndTheRetryIndexesEachOnce() throws Exception {
        ElasticsearchIntegration out = integration("url", es.url());
        List<MonitoringEvent> batch = List.of(event("started", "a", "2026-11-23T10:00:00Z"),
                event("finished", "b", "2026-11-23T10:00:05Z"));
        es.tooManyRequests.set(1);
        IOException e = assertThrows(IOException.class, () -> out.export(batch));
        assertTrue(e.getMessage().contains("2 of 2") && e.getMessage().contains("429"), e.getMessage());
        assertEquals(null, es.indices.get("daqhub-events-2026.11.23"));
        out.export(batch);
        assertEquals(2, es.indices.get("daqhub-events-2026.11.23").size());
    }

    @Test
    void aDocumentRefusedForGoodIsCountedAndDoesNotBlockTheOthers() throws Exception {
        ElasticsearchIntegration out = integration("url", es.url());
        out.export(List.of(event("started", "ok1", "2026-11-23T10:00:00Z"), event("unmappable", "bad", "2026-11-23T10:00:01Z"),
                event("finished", "ok2", "2026-11-23T10:00:02Z")));
        assertEquals(2, es.indices.get("daqhub-events-2026.11.23").size());
        assertEquals(1, out.rejected.get());
        assertEquals(2, out.indexed.get());
    }

    @Test
    void credentialsAreSentAndARefusalNamesTheReason() throws Exception {
        es.requiredAuthorization = "Basic ZGFxaHViOnMzY3JldA=="; // daqhub:s3cret
        List<MonitoringEvent> one = List.of(event("started", "auth", "2026-11-23T10:00:00Z"));
        IOException e = assertThrows(IOException.class, () -> integration("url", es.url()).export(one));
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("missing authentication credentials"),
                e.getMessage());
        integration("url", es.url(), "username", "daqhub", "password", "s3cret").export(one);
        es.requiredAuthorization = "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
        integration("url", es.url() + "/", "api.key", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
                .export(List.of(event("finished", "auth2", "2026-11-23T10:00:01Z")));
        assertEquals(2, es.indices.get("daqhub-events-2026.11.23").size());
    }

    @Test
    void badSettingsNameTheField() {
        assertEquals("index.prefix", assertThrows(InvalidConfigException.class,
                () -> integration("index.prefix", "Daqhub")).key());
        assertEquals("index.prefix", assertThrows(InvalidConfigException.class,
                () -> integration("index.prefix", "_hidden")).key());
        assertEquals("url", assertThrows(InvalidConfigException.class, () -> integration("url", "localhost:9200")).key());
        assertEquals("api.key", assertThrows(InvalidConfigException.class,
                () -> integration("username", "u", "api.key", "k")).key());
    }
}
