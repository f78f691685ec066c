package org.daqhub.monitor.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daqhub.api.monitor.MonitoringEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class FileExportTest {
    @TempDir
    Path dir;

    static MonitoringEvent event(String at, String key, Map<String, Object> attrs) {
        return new MonitoringEvent("finished", "job", key, "succeeded", Instant.parse(at), attrs);
    }

    @Test
    void jsonLinesRotateByTheEventsDay() throws Exception {
        JsonlExport x = new JsonlExport();
        x.activate(Map.of("dir", dir.toString(), "prefix", "jobs"));
        x.export(List.of(event("2026-11-22T23:59:59Z", "a", Map.of("duration_s", 1.5)),
                event("2026-11-23T00:00:01Z", "b", Map.of())));
        x.export(List.of(event("2026-11-23T08:00:00Z", "c", Map.of("app", "reco"))));
        assertEquals(1, Files.readAllLines(dir.resolve("jobs-2026-11-22.jsonl")).size());
        List<String> day2 = Files.readAllLines(dir.resolve("jobs-2026-11-23.jsonl"));
        assertEquals(2, day2.size());
        JsonNode c = new ObjectMapper().readTree(day2.get(1));
        assertEquals("c", c.get("key").asText());
        assertEquals("reco", c.get("attributes").get("app").asText());
        JsonNode a = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("jobs-2026-11-22.jsonl")).get(0));
        assertEquals(1.5, a.get("attributes").get("duration_s").asDouble());
    }

    @Test
    void csvHasOneHeaderPerFileAndQuotes() throws Exception {
        CsvExport x = new CsvExport();
        x.activate(Map.of("dir", dir.toString()));
        x.export(List.of(event("2026-11-23T10:00:00Z", "k1", Map.of("app", "reco, v2", "metadata", "{\"e\":\"x\"}"))));
        x.export(List.of(event("2026-11-23T11:00:00Z", "k2", Map.of("duration_s", 7))));
        List<String> lines = Files.readAllLines(dir.resolve("events-2026-11-23.csv"));
        assertEquals(CsvExport.HEADER, lines.get(0));
        assertEquals(3, lines.size());
        assertEquals("2026-11-23T10:00:00Z,finished,job,k1,succeeded,,\"reco, v2\",,,,,,,,,\"{\"\"e\"\":\"\"x\"\"}\"",
                lines.get(1));
        assertEquals("2026-11-23T11:00:00Z,finished,job,k2,succeeded,,,,,,7,,,,,", lines.get(2));
    }

    @Test
    void anUnwritableDirectoryFailsTheExport() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        JsonlExport x = new JsonlExport();
        x.activate(Map.of("dir", file.resolve("sub").toString()));
        assertThrows(java.io.IOException.class,
                () -> x.export(List.of(event("2026-11-23T10:00:00Z", "k", Map.of()))));
    }
}
