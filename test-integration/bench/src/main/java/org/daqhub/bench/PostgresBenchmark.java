package org.daqhub.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
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
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            List<Frame> frames = new ArrayList<>();
            for (int f = 0; f < ROWS / ROWS_PER_FRAME; f++) {
                int[] ch = new int[ROWS_PER_FRAME];
                double[] v = new double[ROWS_PER_FRAME];
                for (int i = 0; i < ROWS_PER_FRAME; i++) {
                    ch[i] = i % 16;
                    v[i] = i * 0.5;
                }
                frames.add(Frame.ofTable("data.bench.adc", "bench", f, 1_700_000_000_000_000_000L + f, 1,
                        Table.builder().addInt32("ch", ch).addFloat64("v", v).build()));
            }
            double[] raw = new double[3];
            double[] daq = new double[3];
            for (int r = -1; r < 3; r++) { // r = -1: warm-up
                double a = rawCopy(pg, frames);
                double b = store(url, frames);
                if (r >= 0) {
                    raw[r] = a;
                    daq[r] = b;
                }
            }
            double rm = median(raw);
            double dm = median(daq);
            System.out.printf(Locale.ROOT, "| raw binary COPY (pgjdbc CopyManager) | %,.0f | 1.00 |%n", rm);
            System.out.printf(Locale.ROOT, "| daqhub PostgreSQL store | %,.0f | %.2f |%n", dm, dm / rm);
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

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
