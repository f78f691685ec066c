package org.daqhub.store.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.daqhub.api.Column;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames to MariaDB or MySQL (InnoDB) with batched prepared inserts, which MariaDB Connector/J 3
 * sends with the bulk protocol; one transaction per batch, so a failed batch leaves no rows and the
 * runner's retry or spool replay writes it exactly once. Unlike ENRGDAQ's MySQL store, tables are created
 * from the frames and new columns are added.
 */
@Component(name = "org.daqhub.store.mysql", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = MysqlConfig.class, factory = true)
public class MysqlStore implements Store {
    static final String MARKS = "daqhub_commit_marks";
    private static final Logger LOG = LoggerFactory.getLogger(MysqlStore.class);

    private String instance;
    private String url;
    private Properties connectionProps;
    private String tablePattern;
    private Connection connection;
    private final Map<String, Set<String>> tables = new HashMap<>();
    /**
     * Set when a write failed: its COMMIT may still have reached the server (the connection broke before the
     * answer), so the next write first drops the frames the table already holds. Cleared after a commit.
     * Also set at start: a crash between a COMMIT and the spool letting go of that batch replays it.
     */
    private boolean uncertain = true;
    private PreparedStatement markStatement;

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        try {
            instance = s.instance();
            url = s.requiredString("url");
            if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
                throw new InvalidConfigException(instance, "url", url, "must start with jdbc:mariadb: or jdbc:mysql:");
            }
            if (url.startsWith("jdbc:mysql:")) {
                url = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
            }
            tablePattern = s.string("table", "{topic}");
            connectionProps = new Properties();
            connectionProps.setProperty("user", s.string("user", "root"));
            connectionProps.setProperty("password", s.string("password", ""));
            // fail fast when the server is gone, so the runner spools instead of hanging
            connectionProps.setProperty("connectTimeout", String.valueOf(s.integer("connect.timeout.s", 5, 1) * 1000));
            connectionProps.setProperty("socketTimeout", String.valueOf(s.integer("socket.timeout.s", 60, 1) * 1000));
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.mysql, {}; the instance is not started", e.getMessage());
            throw e;
        }
        LOG.info("daqhub MariaDB/MySQL store '{}' writes to {}", instance, url);
    }

    @Deactivate
    public synchronized void deactivate() {
        closeConnection();
    }

    @Override
    public synchronized void write(List<Frame> batch) throws SQLException {
        Connection c = connection();
        try {
            Map<CommitWatermarks.Source, Long> committed = uncertain
                    ? CommitWatermarks.read(c, "SELECT topic, source, last_seq FROM " + MARKS + " WHERE store = ?", instance)
                    : Map.of();
            int skipped = 0;
            for (RowLayout.Run run : RowLayout.runs(tablePattern, batch)) {
                ensureTable(c, run.table(), run.columns());
                RowLayout.Run rest = CommitWatermarks.uncommitted(run, committed);
                skipped += run.frames().size() - rest.frames().size();
                if (!rest.frames().isEmpty()) {
                    insert(c, rest.table(), rest.columns(), rest.frames());
                }
            }
            if (skipped > 0) {
                LOG.info("daqhub MariaDB/MySQL store '{}': {} frames of the retried batch were already committed; not writing them again",
                        instance, skipped);
            }
            CommitWatermarks.write(markStatement, instance, CommitWatermarks.last(batch));
            c.commit();
            uncertain = false;
        } catch (SQLException | RuntimeException e) {
            uncertain = true;
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the server rolls back on its side
            }
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
        Connection c = new org.mariadb.jdbc.Driver().connect(url, connectionProps);
        if (c == null) {
            throw new SQLException("the MariaDB driver does not accept url " + url);
        }
        try (Statement st = c.createStatement()) {
            // key columns sized so the primary key fits InnoDB's 3072 bytes in utf8mb4
            st.execute("CREATE TABLE IF NOT EXISTS " + MARKS + " (store VARCHAR(64) NOT NULL, topic VARCHAR(255) NOT NULL, "
                    + "source VARCHAR(64) NOT NULL, last_seq BIGINT NOT NULL, PRIMARY KEY (store, topic, source)) ENGINE=InnoDB");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(false);
        markStatement = c.prepareStatement("INSERT INTO " + MARKS + " (store, topic, source, last_seq) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE last_seq = VALUES(last_seq)");
        connection = c;
        tables.clear();
        LOG.info("daqhub MariaDB/MySQL store '{}' connected to {}", instance, url);
        return c;
    }

    static String quote(String id) {
        return '`' + id.replace("`", "``") + '`';
    }

    static String sqlType(RowLayout.Kind k) {
        switch (k) {
            case INT32: return "INT";
            case INT64: return "BIGINT";
            case FLOAT32: return "FLOAT";
            case FLOAT64: return "DOUBLE";
            case BYTES: return "LONGBLOB";
            default: return "TEXT";
        }
    }

    private void ensureTable(Connection c, String table, Map<String, RowLayout.Kind> cols) throws SQLException {
        Set<String> known = tables.get(table);
        if (known != null && known.containsAll(cols.keySet())) {
            return;
        }
        try (Statement st = c.createStatement()) {
            if (known == null) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(table)).append(" (");
                String sep = "";
                for (Map.Entry<String, RowLayout.Kind> e : cols.entrySet()) {
                    ddl.append(sep).append(quote(e.getKey())).append(' ').append(sqlType(e.getValue()));
                    sep = ", ";
                }
                st.execute(ddl.append(") ENGINE=InnoDB").toString());
                dropOldSeqIndex(c, st, table);
                known = existingColumns(c, table);
                tables.put(table, known);
            }
            for (Map.Entry<String, RowLayout.Kind> e : cols.entrySet()) {
                if (!known.contains(e.getKey())) {
                    // MySQL 8 has no ADD COLUMN IF NOT EXISTS: the column list was read just before
                    st.execute("ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(e.getKey()) + " " + sqlType(e.getValue()));
                    known.add(e.getKey());
                    LOG.info("daqhub MariaDB/MySQL store '{}': added column {} to {}", instance, e.getKey(), table);
                }
            }
        }
    }

    /** Earlier versions indexed seq for their check after a failure; the commit marks replaced it. */
    private void dropOldSeqIndex(Connection c, Statement st, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND index_name = 'seq'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        st.execute("ALTER TABLE " + quote(table) + " DROP INDEX `seq`");
        LOG.info("daqhub MariaDB/MySQL store '{}': dropped the index on seq of {} (commit marks replace it)", instance, table);
    }

    private static Set<String> existingColumns(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static void insert(Connection c, String table, Map<String, RowLayout.Kind> cols, List<Frame> frames) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(table)).append(" (");
        StringBuilder marks = new StringBuilder();
        String sep = "";
        for (String name : cols.keySet()) {
            sql.append(sep).append(quote(name));
            marks.append(sep).append('?');
            sep = ", ";
        }
        sql.append(") VALUES (").append(marks).append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (Frame f : frames) {
                if (!f.isTable()) {
                    header(ps, f);
                    ps.setString(5, f.contentType());
                    ps.setBytes(6, f.raw());
                    ps.addBatch();
                    continue;
                }
                Table t = f.table();
                List<Column> columns = t.columns();
                for (int r = 0; r < t.rowCount(); r++) {
                    header(ps, f);
                    for (int i = 0; i < columns.size(); i++) {
                        Column col = columns.get(i);
                        int p = RowLayout.headerColumns() + 1 + i;
                        switch (col.type()) {
                            case INT32: ps.setInt(p, ((int[]) col.array())[r]); break;
                            case INT64: ps.setLong(p, ((long[]) col.array())[r]); break;
                            case FLOAT32: ps.setFloat(p, ((float[]) col.array())[r]); break;
                            case FLOAT64: ps.setDouble(p, ((double[]) col.array())[r]); break;
                            default: ps.setString(p, ((String[]) col.array())[r]);
                        }
                    }
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void header(PreparedStatement ps, Frame f) throws SQLException {
        ps.setLong(1, f.sequence());
        ps.setLong(2, f.timestampNanos());
        ps.setLong(3, f.runNumber());
        ps.setString(4, f.source());
    }

    /** SQLState class 08 (connection exception), 70100 (interrupted/killed), or none (socket error). */
    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("70") || state.startsWith("HY");
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
