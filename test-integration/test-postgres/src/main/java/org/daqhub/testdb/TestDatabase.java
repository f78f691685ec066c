package org.daqhub.testdb;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.daqhub.core.persistence.PostgresDatabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A database of its own for a test, on one real PostgreSQL server per test JVM: the binaries daqhub itself runs
 * (inside the persistence bundle), started on first use and stopped when the JVM exits. A fresh database per
 * test class costs a {@code CREATE DATABASE}, not a server start, and keeps classes from seeing each other's rows.
 */
public final class TestDatabase {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;
    private final String name;
    private final DataSource dataSource;

    private TestDatabase(String name) {
        this.name = name;
        this.dataSource = server().getDatabase("postgres", name);
    }

    /** A new, empty database. */
    public static TestDatabase fresh() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(name);
    }

    /** The server, started on first use (zonky's shutdown hook stops it with the JVM). */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setPgBinaryResolver(TestDatabase::binaries)
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("starting the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return server;
    }

    /**
     * The binaries daqhub runs, for a test that needs a server of its own (one it stops and restarts); zonky's own
     * lookup refuses them once a second copy is on the class path.
     */
    public static java.io.InputStream binaries(String system, String arch) {
        return PostgresDatabase.class.getResourceAsStream("/postgres-linux-x86_64.txz");
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** daqhub's bookkeeping over this database (what the Database service is in the distribution). */
    public PostgresDatabase bookkeeping() {
        try {
            return PostgresDatabase.over(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("opening " + name + ": " + e.getMessage(), e);
        }
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return server().getPort();
    }

    /** For a client outside this JVM's DataSources (another process, a JDBC URL in a cfg). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    /**
     * Points this database's DataSource at a port where nothing listens, as if the server had gone away: every
     * later connection is refused (the server itself stays up for the other test classes).
     */
    public void cutOff() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            ((org.postgresql.ds.PGSimpleDataSource) dataSource).setPortNumbers(new int[] { s.getLocalPort() });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements that return nothing, e.g. to drop a test's tables between tests. */
    public void execute(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
