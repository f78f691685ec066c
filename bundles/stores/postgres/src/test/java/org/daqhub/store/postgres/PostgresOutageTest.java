package org.daqhub.store.postgres;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.daqhub.tck.StoreOutageScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The real PostgreSQL server stopped for 30 s while the simulator runs: nothing lost, nothing duplicated. */
class PostgresOutageTest {
    @TempDir
    Path tmp;

    private EmbeddedPostgres pg;

    @Test
    void thirtySecondOutageLosesAndDuplicatesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File dataDir = tmp.resolve("pgdata").toFile();
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setPgBinaryResolver(org.daqhub.testdb.TestDatabase::binaries).setPort(port).setDataDirectory(dataDir).setCleanDataDirectory(false);
        pg = server.start();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        PostgresStore store = new PostgresStore();
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.store.postgres~db", "topics", "data.sim.*",
                "url", url, "connect.timeout.s", "2", "socket.timeout.s", "5", "batch.linger.ms", "20"));
        // a stuck socket (the server went away mid-request) gives up after 5 s, within the outage, not after 60
        store.activate(cfg);
        try {
            StoreOutageScenario.run(store, cfg, new StoreOutageScenario.Server() {
                @Override
                public void stop() throws Exception {
                    pg.close();
                }

                @Override
                public void start() throws Exception {
                    pg = server.start();
                }
            }, () -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(DISTINCT seq), min(seq), max(seq), count(*) FROM data_sim_adc")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                }
            }, tmp, 30_000);
        } finally {
            pg.close();
        }
    }
}
