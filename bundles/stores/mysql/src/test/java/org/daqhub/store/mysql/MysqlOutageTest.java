package org.daqhub.store.mysql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.daqhub.tck.StoreOutageScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MariaDB server stopped for 30 s while the simulator runs: nothing lost, nothing duplicated. */
class MysqlOutageTest {
    @TempDir
    Path tmp;

    @Test
    void thirtySecondOutageLosesAndDuplicatesNothing() throws Exception {
        TestMariaDb maria = new TestMariaDb(tmp.resolve("mariadb").toFile());
        MysqlStore store = new MysqlStore();
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.store.mysql~db", "topics", "data.sim.*",
                "url", maria.url(), "connect.timeout.s", "2", "batch.linger.ms", "20"));
        store.activate(cfg);
        try {
            StoreOutageScenario.run(store, cfg, new StoreOutageScenario.Server() {
                @Override
                public void stop() throws Exception {
                    maria.db.stop();
                }

                @Override
                public void start() throws Exception {
                    maria.db.start();
                }
            }, () -> {
                try (Connection c = DriverManager.getConnection(maria.url(), "root", ""); ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(DISTINCT seq), min(seq), max(seq), count(*) FROM data_sim_adc")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                }
            }, tmp, 30_000);
        } finally {
            maria.db.stop();
        }
    }
}
