package org.daqhub.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.store.postgres.PostgresStore;
import org.postgresql.PGConnection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL store vs the raw library path: the application encoding the same rows as binary COPY itself
 * and calling pgjdbc's CopyManager, one transaction per 10,000-row chunk, in one run against the same
 * server (embedded PostgreSQL 16, fsync on).
 */
final class PostgresBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int ROWS_PER_FRAME = 1000;
    private static final int FRAMES_PER_BATCH = 10;

    private PostgresBenchmark() {
    }

    static void run() throws Exception {
        System.out.println();
        System.out.println("## postgres: 1M rows (seq, timestamp_ns, run_number, source, ch int, v float8), 10,000 rows per transaction");
        System.out.println("| path | rows/s | ratio |");
        System.out.println("|---|---:|---:|");
        try (EmbeddedPostgres pg = Comparison.postgres()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            List<Frame> frames = Comparison.channelFrames(ROWS, ROWS_PER_FRAME);
            double[] m = Comparison.medians(3, false, r -> rawCopy(pg, frames), r -> store(url, frames));
            System.out.println("| raw binary COPY (pgjdbc CopyManager) | " + String.format(Locale.ROOT, "%,.0f", m[0]) + " | 1.00 |");
            System.out.println("| daqhub PostgreSQL store | " + String.format(Locale.ROOT, "%,.0f | %.2f |", m[1], m[1] / m[0]));
        }
    }

    private static double rawCopy(EmbeddedPostgres pg, List<Frame> frames) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS raw_copy");
                st.execute("CREATE TABLE raw_copy (seq bigint, timestamp_ns bigint, run_number bigint, source text, ch integer, v double precision)");
            }
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            byte[] source = "bench".getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            for (int b = 0; b < frames.size(); b += FRAMES_PER_BATCH) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
                DataOutputStream out = new DataOutputStream(bytes);
                out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
                out.writeInt(0);
                out.writeInt(0);
                for (Frame f : frames.subList(b, b + FRAMES_PER_BATCH)) {
                    int[] ch = (int[]) f.table().column("ch").array();
                    double[] v = (double[]) f.table().column("v").array();
                    for (int i = 0; i < ch.length; i++) {
                        out.writeShort(6);
                        out.writeInt(8);
                        out.writeLong(f.sequence());
                        out.writeInt(8);
                        out.writeLong(f.timestampNanos());
                        out.writeInt(8);
                        out.writeLong(f.runNumber());
                        out.writeInt(source.length);
                        out.write(source);
                        out.writeInt(4);
                        out.writeInt(ch[i]);
                        out.writeInt(8);
                        out.writeDouble(v[i]);
                    }
                }
                out.writeShort(-1);
                copy.copyIn("COPY raw_copy FROM STDIN (FORMAT binary)", new ByteArrayInputStream(bytes.toByteArray()));
                c.commit();
            }
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double store(String url, List<Frame> frames) throws Exception {
        PostgresStore s = new PostgresStore();
        s.activate(Map.of("service.pid", "org.daqhub.store.postgres~bench", "url", url, "table", "daqhub_store"));
        s.write(frames.subList(0, 1)); // creates the table
        try (Connection c = new org.postgresql.Driver().connect(url, new java.util.Properties()); Statement st = c.createStatement()) {
            st.execute("TRUNCATE daqhub_store");
        }
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += FRAMES_PER_BATCH) {
            s.write(frames.subList(b, b + FRAMES_PER_BATCH));
        }
        double rate = ROWS / ((System.nanoTime() - t0) / 1e9);
        s.deactivate();
        return rate;
    }

}
