package org.daqhub.store.postgres;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.daqhub.api.Frame;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.store.CommitWatermarks;
import org.daqhub.api.store.RowLayout;
import org.daqhub.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames to PostgreSQL with binary COPY, one transaction per batch, so a failed batch leaves
 * nothing behind and the runner's retry (or spool replay) writes it exactly once: the same transaction
 * records each source's last sequence number in {@value #MARKS} ({@link CommitWatermarks}). A table per topic
 * is created on first use from the frame's columns, and columns that appear later are added.
 */
@Component(name = "org.daqhub.store.postgres", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = PostgresConfig.class, factory = true)
public class PostgresStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    static final String MARKS = "daqhub_commit_marks";

    private String instance;
    private String url;
    private Properties connectionProps;
    private String schema;
    private String tablePattern;
    private Connection connection;
    /** table → columns known to exist. */
    private final Map<String, Set<String>> tables = new HashMap<>();
    private PreparedStatement markStatement;
    /**
     * Set when a write failed: its COMMIT may still have reached the server (the connection broke before the
     * answer), so the next write first reads the commit marks and leaves out what they cover. Cleared after a commit.
     * Also set at start: a crash between a COMMIT and the spool letting go of that batch replays it.
     */
    private boolean uncertain = true;

    public PostgresStore() {
    }

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        try {
            instance = s.instance();
            url = s.requiredString("url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new InvalidConfigException(instance, "url", url, "must start with jdbc:postgresql:");
            }
            schema = RowLayout.identifier(s.string("schema", "public"));
            tablePattern = s.string("table", "{topic}");
            connectionProps = new Properties();
            connectionProps.setProperty("user", s.string("user", "postgres"));
            connectionProps.setProperty("password", s.string("password", ""));
            // fail fast when the server is gone, so the runner spools instead of hanging
            connectionProps.setProperty("connectTimeout", s.string("connect.timeout.s", "5"));
            connectionProps.setProperty("socketTimeout", s.string("socket.timeout.s", "60"));
            connectionProps.setProperty("tcpKeepAlive", "true");
            connectionProps.setProperty("ApplicationName", "daqhub store " + instance);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.postgres, {}; the instance is not started", e.getMessage());
            throw e;
        }
        LOG.info("daqhub PostgreSQL store '{}' writes to {} (schema {})", instance, url, schema);
    }

    @Deactivate
    public synchronized void deactivate() {
        closeConnection();
    }

    @Override
    public synchronized void write(List<Frame> batch) throws SQLException, IOException {
        Connection c = connection();
        try {
            Map<CommitWatermarks.Source, Long> committed = uncertain
                    ? CommitWatermarks.read(c, "SELECT topic, source, last_seq FROM " + marksTable() + " WHERE store = ?", instance)
                    : Map.of();
            int skipped = 0;
            for (RowLayout.Run run : RowLayout.runs(tablePattern, batch)) {
                Map<String, String> cols = PgTable.sqlColumns(run.columns());
                ensureTable(c, run.table(), cols);
                RowLayout.Run rest = CommitWatermarks.uncommitted(run, committed);
                skipped += run.frames().size() - rest.frames().size();
                if (!rest.frames().isEmpty()) {
                    copy(c, rest.table(), cols, rest.frames());
                }
            }
            if (skipped > 0) {
                LOG.info("daqhub PostgreSQL store '{}': {} frames of the retried batch were already committed; not writing them again",
                        instance, skipped);
            }
            CommitWatermarks.write(markStatement, instance, CommitWatermarks.last(batch));
            c.commit();
            uncertain = false;
        } catch (SQLException | IOException | RuntimeException e) {
            uncertain = true;
            rollbackQuietly(c);
            if (e instanceof SQLException && isConnectionProblem((SQLException) e)) {
                closeConnection();
            }
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        Connection c = new org.postgresql.Driver().connect(url, connectionProps);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept url " + url);
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + marksTable() + " (store text, topic text, source text, last_seq bigint NOT NULL, "
                    + "PRIMARY KEY (store, topic, source))");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(false);
        markStatement = c.prepareStatement("INSERT INTO " + marksTable() + " AS m (store, topic, source, last_seq) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (store, topic, source) DO UPDATE SET last_seq = EXCLUDED.last_seq");
        connection = c;
        tables.clear(); // the server may have been replaced: check the tables again
        LOG.info("daqhub PostgreSQL store '{}' connected to {}", instance, url);
        return c;
    }

    private void ensureTable(Connection c, String table, Map<String, String> cols) throws SQLException {
        Set<String> known = tables.get(table);
        if (known != null && known.containsAll(cols.keySet())) {
            return;
        }
        String qualified = PgTable.quote(schema) + "." + PgTable.quote(table);
        try (Statement st = c.createStatement()) {
            if (known == null) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualified).append(" (");
                String sep = "";
                for (Map.Entry<String, String> e : cols.entrySet()) {
                    ddl.append(sep).append(PgTable.quote(e.getKey())).append(' ').append(e.getValue());
                    sep = ", ";
                }
                st.execute(ddl.append(')').toString());
                // earlier versions indexed seq for their check after a failure; the commit marks replaced it
                st.execute("DROP INDEX IF EXISTS " + PgTable.quote(schema) + "." + PgTable.quote(RowLayout.identifier(table + "_seq")));
                known = existingColumns(c, table);
                tables.put(table, known);
            }
            for (Map.Entry<String, String> e : cols.entrySet()) {
                if (!known.contains(e.getKey())) {
                    st.execute("ALTER TABLE " + qualified + " ADD COLUMN IF NOT EXISTS " + PgTable.quote(e.getKey()) + " " + e.getValue());
                    known.add(e.getKey());
                    LOG.info("daqhub PostgreSQL store '{}': added column {} to {}", instance, e.getKey(), qualified);
                }
            }
        }
    }

    private String marksTable() {
        return PgTable.quote(schema) + "." + MARKS;
    }

    private Set<String> existingColumns(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void copy(Connection c, String table, Map<String, String> cols, List<Frame> frames) throws SQLException, IOException {
        List<String> quoted = new ArrayList<>();
        cols.keySet().forEach(k -> quoted.add(PgTable.quote(k)));
        String sql = "COPY " + PgTable.quote(schema) + "." + PgTable.quote(table) + " (" + String.join(", ", quoted)
                + ") FROM STDIN (FORMAT binary)";
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn(sql, new ByteArrayInputStream(PgCopyEncoder.encode(frames)));
    }

    /** SQLState class 08 (connection exception) or 57P (operator intervention, e.g. server shutdown). */
    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolls back on its side
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection of '{}' failed", instance, e);
            }
            connection = null;
            markStatement = null;
        }
    }
}
