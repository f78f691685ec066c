package org.daqhub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.daqhub.testdb.TestDatabase;

/** Ingestion against a real PostgreSQL 16 (the binaries of the persistence bundle). */
class JobEventsTest {
    /** Answers as the HTTP surface writes them (snake_case). */
    static final com.fasterxml.jackson.databind.ObjectMapper WIRE = org.daqhub.core.http.JsonProvider.mapper(1 << 20, 200);

    static JsonNode tree(Object answer) {
        return WIRE.valueToTree(answer);
    }

    /** The metatype (the web console's form) declares exactly the keys ingestion and retention read. */
    @Test
    void metatypeDeclaresExactlyTheKeysTheCodeReads() throws Exception {
        java.util.Set<String> read = new java.util.TreeSet<>();
        Map<String, Object> cfg = org.daqhub.metatype.MetatypeCheck.recording(read, Map.of());
        new JobEvents(db.bookkeeping(), cfg);
        new EventRetention(db.bookkeeping(), cfg).deactivate();
        assertEquals(org.daqhub.metatype.MetatypeCheck.metatype(EventsConfig.class).keySet(), read);
        assertEquals(org.daqhub.api.config.UnknownKeys.declared(EventsConfig.class), read);
    }

    @Test
    void aJobsMetadataIsMergedAndEveryEventKeepsItsOwn() throws Exception {
        Instant t0 = Instant.now().minusSeconds(40).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectNode started = event("m-s", "job", "jmeta", "started", t0);
        ((ObjectNode) started.get("event")).putObject("metadata").put("dataset", "run-7").put("node", "n1");
        ObjectNode tick = event("m-p", "job", "jmeta", "progress", t0.plusSeconds(1));
        ((ObjectNode) tick.get("event")).putObject("metadata").put("node", "n2");
        ObjectNode done = event("m-f", "job", "jmeta", "finished", t0.plusSeconds(2));
        events.ingest(List.of(started, tick, done), true);
        JsonNode job = tree(events.job("jmeta"));
        assertEquals("run-7", job.get("metadata").get("dataset").asText(), job.toString()); // kept from the first
        assertEquals("n2", job.get("metadata").get("node").asText(), job.toString()); // the later one wins
        JsonNode first = job.get("events").get(0);
        assertEquals("n1", first.get("metadata").get("node").asText(), job.toString());
        assertEquals("n2", job.get("events").get(1).get("metadata").get("node").asText(), job.toString());
        assertTrue(first.get("event_id").isIntegralNumber(), job.toString());
    }

    static final TestDatabase db = TestDatabase.fresh();
    static JobEvents events;

    @BeforeAll
    static void start() throws Exception {
        events = new JobEvents(db.bookkeeping(), Map.of());
    }

    static ObjectNode event(String key, String type, String id, String kind, Instant at) {
        ObjectNode n = JobEvents.JSON.createObjectNode();
        n.put("idempotency_key", key);
        n.put("site_id", "site1");
        n.putObject("app").put("app_id", "app-" + type).put("name", "reco").put("version", "1.0");
        n.putObject("entity").put("type", type).put("id", id).put("business_key", "daily-batch");
        ObjectNode ev = n.putObject("event");
        ev.put("kind", kind).put("at", at.toString());
        return n;
    }

    static long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aJobsEventsMakeOneRowThatEndsWithItsMetrics() throws Exception {
        Instant t0 = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        events.ingest(List.of(event("j1-s", "job", "j1", "started", t0)), false);
        ObjectNode progress = event("j1-p", "job", "j1", "progress", t0.plusSeconds(10));
        ((ObjectNode) progress.get("event")).putObject("metrics").put("progress", 42);
        ObjectNode done = event("j1-f", "job", "j1", "finished", t0.plusSeconds(20));
        ((ObjectNode) done.get("event")).put("status", "succeeded").putObject("metrics").put("duration_s", 20.0)
                .put("cpu_user_s", 3.5).put("cpu_system_s", 0.5).put("mem_max_mb", 120.0);
        events.ingest(List.of(progress, done), true);
        // a late progress event does not reopen it
        events.ingest(List.of(event("j1-late", "job", "j1", "progress", t0.plusSeconds(25))), false);
        assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = 'j1'"));
        ArrayNode jobs = (ArrayNode) tree(events.jobs(t0.minusSeconds(1), null, List.of("succeeded"), "reco", 10));
        JsonNode j = jobs.get(0);
        assertEquals("j1", j.get("job_id").asText());
        assertEquals("succeeded", j.get("status").asText());
        assertEquals(20.0, j.get("duration_s").asDouble());
        assertEquals(3.5, j.get("cpu_user_s").asDouble());
        assertEquals(42.0, j.get("progress").asDouble());
        assertEquals("daily-batch", j.get("job_key").asText());
        assertEquals(t0.toString(), j.get("started_at").asText());
        assertEquals(0, events.jobs(t0.minusSeconds(1), null, List.of("failed"), null, 10).size());
        assertEquals(0, events.jobs(t0.plusSeconds(1), t0.plusSeconds(5), List.of(), "reco", 10).size());
        // one job with its events, in the order they arrived, metrics as sent
        JsonNode detail = tree(events.job("j1"));
        assertEquals("succeeded", detail.get("status").asText());
        List<String> kinds = new java.util.ArrayList<>();
        List<Double> cpu = new java.util.ArrayList<>();
        detail.get("events").forEach(e -> {
            if (e.get("entity_type").asText().equals("job")) { // another test gives j1 a subjob: its events are listed too
                kinds.add(e.get("kind").asText());
                cpu.add(e.get("metrics").path("cpu_user_s").asDouble(0));
            }
        });
        assertEquals(List.of("started", "progress", "finished", "progress"), kinds);
        assertEquals(3.5, cpu.get(2));
        assertEquals(null, events.job("no-such-job"));
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneEventAndOneJob() throws Exception {
        ObjectNode e = event("dup-1", "job", "jdup", "started", Instant.now());
        JobEvents.Result first = events.ingest(List.of(e), false);
        JobEvents.Result again = events.ingest(List.of(e, e), true);
        assertEquals(1, first.accepted());
        assertEquals(0, again.accepted());
        assertEquals(2, again.duplicates());
        assertEquals(1, count("SELECT count(*) FROM event WHERE idempotency_key = 'dup-1'"));
        assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = 'jdup'"));
    }

    @Test
    void oneBatchWithAWholeJobMergesInEventOrderAndCountsARepeatedKeyOnce() throws Exception {
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectNode started = event("b-s", "job", "jbatch", "started", t0);
        ObjectNode progress = event("b-p", "job", "jbatch", "progress", t0.plusSeconds(5));
        ((ObjectNode) progress.get("event")).putObject("metrics").put("progress", 50);
        ObjectNode sub = event("b-sub", "subjob", "jbatch-1", "finished", t0.plusSeconds(6));
        ((ObjectNode) sub.get("entity")).put("parent_id", "jbatch");
        ObjectNode failed = event("b-f", "job", "jbatch", "error", t0.plusSeconds(9));
        ObjectNode late = event("b-late", "job", "jbatch", "progress", t0.plusSeconds(10));
        JobEvents.Result r = events.ingest(List.of(started, progress, sub, started, failed, late), true);
        assertEquals(5, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(5, count("SELECT count(*) FROM event WHERE idempotency_key LIKE 'b-%'"));
        JsonNode j = tree(events.jobs(t0, t0.plusSeconds(1), List.of(), null, 10).get(0));
        assertEquals("jbatch", j.get("job_id").asText());
        assertEquals("failed", j.get("status").asText()); // the late progress event does not reopen it
        assertEquals(50.0, j.get("progress").asDouble());
        assertEquals(t0.toString(), j.get("started_at").asText());
        assertEquals(t0.plusSeconds(9).toString(), j.get("ended_at").asText());
        assertEquals(1, count("SELECT count(*) FROM subjob WHERE subjob_id = 'jbatch-1' AND status = 'succeeded'"));
        // stored in the order sent (event_id), not in key order
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT idempotency_key FROM event WHERE idempotency_key LIKE 'b-%' ORDER BY event_id")) {
            List<String> keys = new java.util.ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
            assertEquals(List.of("b-s", "b-p", "b-sub", "b-f", "b-late"), keys);
        }
    }

    @Test
    void aBatchOfDistinctJobsIsStoredInOneStatementAndAKnownKeyChangesNothing() throws Exception {
        Instant t0 = Instant.now().minusSeconds(40).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectNode known = event("d-1", "job", "jd1", "started", t0);
        events.ingest(List.of(known), false);
        ObjectNode knownAgain = event("d-1", "job", "jd1", "error", t0.plusSeconds(3)); // same key: ignored whole
        ObjectNode other = event("d-2", "job", "jd2", "finished", t0.plusSeconds(1));
        ((ObjectNode) other.get("app")).put("app_id", "app-new-in-this-batch");
        ((ObjectNode) other.get("event")).put("status", "succeeded").putObject("metadata").put("run", 7);
        ObjectNode sub = event("d-3", "subjob", "jd1-a", "started", t0.plusSeconds(2));
        ((ObjectNode) sub.get("entity")).put("parent_id", "jd1").put("sub_key", "a");
        JobEvents.Result r = events.ingest(List.of(knownAgain, other, sub), true);
        assertEquals(2, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = 'jd1' AND status = 'running'"));
        assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = 'jd2' AND status = 'succeeded' "
                + "AND app_id = 'app-new-in-this-batch' AND metadata::jsonb = '{\"run\": 7}'"));
        assertEquals(1, count("SELECT count(*) FROM subjob WHERE subjob_id = 'jd1-a' AND job_id = 'jd1' AND sub_key = 'a'"));
        assertEquals(1, count("SELECT count(*) FROM app WHERE app_id = 'app-new-in-this-batch'"));
        assertEquals(3, count("SELECT count(*) FROM event WHERE idempotency_key LIKE 'd-%'"));
    }

    @Test
    void subjobsKeepTheirParent() throws Exception {
        ObjectNode s = event("sub-1", "subjob", "s1", "started", Instant.now());
        ((ObjectNode) s.get("entity")).put("parent_id", "j1").put("sub_key", "step-1");
        events.ingest(List.of(s), false);
        JsonNode row = tree(events.subjobs(null, null, List.of("running"), null, 10).get(0));
        assertEquals("s1", row.get("subjob_id").asText());
        assertEquals("j1", row.get("job_id").asText());
        assertEquals("step-1", row.get("sub_key").asText());
    }

    @Test
    void badEventsNameTheFieldAndStoreNothing() throws Exception {
        BadEventException skew = assertThrows(BadEventException.class, () -> events.ingest(
                List.of(event("skew", "job", "jskew", "started", Instant.now().plusSeconds(700))), false));
        assertEquals(422, skew.status());
        assertEquals("event.at", skew.field());
        ObjectNode noId = event("noid", "job", "x", "started", Instant.now());
        ((ObjectNode) noId.get("entity")).remove("id");
        assertEquals("entity.id", assertThrows(BadEventException.class,
                () -> events.ingest(List.of(noId), false)).field());
        ObjectNode badKind = event("kind", "job", "jk", "exploded", Instant.now());
        BadEventException inBatch = assertThrows(BadEventException.class, () -> events.ingest(
                List.of(event("ok-in-bad-batch", "job", "jb", "started", Instant.now()), badKind), true));
        assertEquals("events[1].event.kind", inBatch.field());
        assertTrue(inBatch.getMessage().contains("exploded"));
        assertEquals(0, count("SELECT count(*) FROM event WHERE idempotency_key = 'ok-in-bad-batch'"));
        assertEquals("entity.type", assertThrows(BadEventException.class,
                () -> events.ingest(List.of(event("t", "task", "t1", "started", Instant.now())), false)).field());
    }

    @Test
    void textNoColumnTakesIsA422NamingTheFieldAndStoresNothing() throws Exception {
        ObjectNode nulSite = event("nul-site", "job", "jnul1", "started", Instant.now());
        nulSite.put("site_id", "site\u00001");
        BadEventException site = assertThrows(BadEventException.class, () -> events.ingest(List.of(nulSite), false));
        assertEquals(422, site.status());
        assertEquals("site_id", site.field());
        assertTrue(site.getMessage().contains("NUL"), site.getMessage());

        ObjectNode nulApp = event("nul-app", "job", "jnul2", "started", Instant.now());
        ((ObjectNode) nulApp.get("app")).put("name", "re\u0000co");
        BadEventException app = assertThrows(BadEventException.class, () -> events.ingest(
                List.of(event("ok-before-nul", "job", "jnul3", "started", Instant.now()), nulApp), true));
        assertEquals(422, app.status());
        assertEquals("events[1].app.name", app.field());

        ObjectNode nulKey = event("nul-key", "job", "jnul4", "started", Instant.now());
        ((ObjectNode) nulKey.get("entity")).put("business_key", "daily\u0000");
        assertEquals("entity.business_key", assertThrows(BadEventException.class,
                () -> events.ingest(List.of(nulKey), false)).field());

        // without app.app_id the name is the app's id, and app.app_id is VARCHAR(64)
        Instant longAgo = Instant.now().minusSeconds(500); // before the time windows the other tests query
        ObjectNode longName = event("long-name", "job", "jlong", "started", longAgo);
        ((ObjectNode) longName.get("app")).remove("app_id");
        ((ObjectNode) longName.get("app")).put("name", "n".repeat(100));
        BadEventException tooLong = assertThrows(BadEventException.class, () -> events.ingest(List.of(longName), false));
        assertEquals(422, tooLong.status());
        assertEquals("app.name", tooLong.field());
        ((ObjectNode) longName.get("app")).put("app_id", "app-long-name");
        assertEquals(1, events.ingest(List.of(longName), false).accepted()); // with an id of its own the name fits

        ObjectNode longKey = event("k".repeat(JobEvent.IDEMPOTENCY_KEY_LENGTH + 1), "job", "jlong2", "started", Instant.now());
        assertEquals("idempotency_key", assertThrows(BadEventException.class,
                () -> events.ingest(List.of(longKey), false)).field());
        assertEquals(0, count("SELECT count(*) FROM event WHERE idempotency_key IN ('nul-site', 'nul-app', "
                + "'ok-before-nul', 'nul-key')"));
    }

    @Test
    void queriesRefuseTextAndTimesNoColumnTakes() {
        BadEventException job = assertThrows(BadEventException.class, () -> events.job("j\u00001"));
        assertEquals(422, job.status());
        assertEquals("job_id", job.field());
        assertEquals("app_name", assertThrows(BadEventException.class,
                () -> events.jobs(null, null, List.of(), "re\u0000co", 10)).field());
        assertEquals("from", assertThrows(BadEventException.class, () -> events.jobs(
                Instant.parse("+300000-01-01T00:00:00Z"), null, List.of(), null, 10)).field());
    }

    /** The lengths the parser holds text to are those of the columns: a migration that changes one changes both. */
    @Test
    void textLengthsAreThoseOfTheColumns() throws Exception {
        Map<String, Integer> lengths = new java.util.LinkedHashMap<>();
        lengths.put("event.idempotency_key", JobEvent.IDEMPOTENCY_KEY_LENGTH);
        for (String table : List.of("job", "subjob", "event")) {
            lengths.put(table + ".site_id", JobEvent.SITE_ID_LENGTH);
            lengths.put(table + ".app_id", JobEvent.APP_ID_LENGTH);
            lengths.put(table + ".status", JobEvent.CODE_LENGTH);
        }
        lengths.put("app.app_id", JobEvent.APP_ID_LENGTH);
        lengths.put("app.name", JobEvent.APP_NAME_LENGTH);
        lengths.put("app.version", JobEvent.APP_VERSION_LENGTH);
        lengths.put("job.job_id", JobEvent.ENTITY_ID_LENGTH);
        lengths.put("subjob.subjob_id", JobEvent.ENTITY_ID_LENGTH);
        lengths.put("event.entity_id", JobEvent.ENTITY_ID_LENGTH);
        lengths.put("subjob.job_id", JobEvent.PARENT_ID_LENGTH);
        lengths.put("job.job_key", JobEvent.BUSINESS_KEY_LENGTH);
        lengths.put("subjob.sub_key", JobEvent.SUB_KEY_LENGTH);
        lengths.put("event.entity_type", JobEvent.CODE_LENGTH);
        lengths.put("event.kind", JobEvent.CODE_LENGTH);
        for (Map.Entry<String, Integer> e : lengths.entrySet()) {
            String[] tc = e.getKey().split("\\.");
            assertEquals(e.getValue().longValue(), count("SELECT character_maximum_length FROM information_schema.columns "
                    + "WHERE table_name = '" + tc[0] + "' AND column_name = '" + tc[1] + "'"), e.getKey());
        }
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() throws Exception {
        JobEvents small = new JobEvents(db.bookkeeping(), Map.of("max.batch.events", 2));
        List<com.fasterxml.jackson.databind.JsonNode> three = List.of(event("lim-1", "job", "jl1", "started", Instant.now()),
                event("lim-2", "job", "jl2", "started", Instant.now()), event("lim-3", "job", "jl3", "started", Instant.now()));
        BadEventException e = assertThrows(BadEventException.class, () -> small.ingest(three, true));
        assertEquals(413, e.status());
        assertEquals("events", e.field());
        assertEquals(0, count("SELECT count(*) FROM event WHERE idempotency_key LIKE 'lim-%'"));
        assertEquals(2, small.ingest(three.subList(0, 2), true).accepted());
    }

    @Test
    void retentionDeletesOldEventsAndEndedJobsOnly() throws Exception {
        Instant now = Instant.now();
        ObjectNode done = event("ret-f", "job", "jret", "finished", now);
        events.ingest(List.of(event("ret-s", "job", "jret", "started", now), done,
                event("ret-running", "job", "jret-running", "started", now)), true);
        try (Connection c = db.dataSource().getConnection()) {
            // forty days ago, as if they had waited in the database since
            c.createStatement().execute("UPDATE event SET at = at - interval '40 days' WHERE idempotency_key LIKE 'ret-%'");
            c.createStatement().execute("UPDATE job SET started_at = started_at - interval '40 days', "
                    + "ended_at = ended_at - interval '40 days' WHERE job_id IN ('jret', 'jret-running')");
        }
        EventRetention retention = new EventRetention(db.bookkeeping(),
                Map.of("retention.days", 30));
        try {
            long deleted = retention.purge(now.minus(java.time.Duration.ofDays(30)));
            assertEquals(4, deleted); // three events and the job that ended
            assertEquals(0, count("SELECT count(*) FROM event WHERE idempotency_key LIKE 'ret-%'"));
            assertEquals(0, count("SELECT count(*) FROM job WHERE job_id = 'jret'"));
            assertEquals(1, count("SELECT count(*) FROM job WHERE job_id = 'jret-running'")); // still running: kept
            assertTrue(count("SELECT count(*) FROM event") > 0, "newer events are kept");
            assertEquals(4, retention.instances().get(0).frames());
        } finally {
            retention.deactivate();
        }
    }
}
