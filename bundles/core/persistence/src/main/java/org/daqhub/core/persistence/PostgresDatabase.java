package org.daqhub.core.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.daqhub.api.persistence.Database;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daqhub database over whichever DataSource carries the name "daqhub" (embedded or pax-jdbc-config), with
 * Flyway migrations per module. Registered only once the database answered, so consumers never see a database
 * that is not there.
 */
@Component(service = Database.class, immediate = true)
public class PostgresDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final DataSource dataSource;
    private final String description;

    @Activate
    public PostgresDatabase(
            @Reference(target = "(osgi.jndi.service.name=" + DATASOURCE_NAME + ")") DataSource dataSource,
            Map<String, Object> dsProps) throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            this.description = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + " at " + md.getURL()
                    + (Boolean.TRUE.equals(dsProps.get("daqhub.embedded")) ? " (embedded)" : "");
        } catch (SQLException e) {
            LOG.error("bookkeeping database '{}' does not answer: {}", DATASOURCE_NAME, e.getMessage());
            throw e;
        }
        LOG.info("bookkeeping database: {}", description);
    }

    /** For component tests: a plain DataSource. */
    public static PostgresDatabase over(DataSource ds) throws SQLException {
        return new PostgresDatabase(ds, Map.of());
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public synchronized int migrate(String module, ClassLoader loader) {
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name '" + module + "' must match " + MODULE.pattern());
        }
        try {
            MigrateResult r = Flyway.configure(loader)
                    .dataSource(dataSource)
                    .locations("classpath:db/" + module)
                    .table("schema_history_" + module)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            if (r.migrationsExecuted > 0) {
                LOG.info("schema of {}: {} migration(s) applied, now at version {}", module, r.migrationsExecuted,
                        r.targetSchemaVersion);
            }
            return r.migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("schema migration of module " + module + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return description;
    }
}
