package org.daqhub.api.persistence;

import javax.sql.DataSource;

/**
 * The bookkeeping database: the embedded PostgreSQL, or the external one from
 * {@code etc/org.ops4j.datasource-daqhub.cfg}. Registered once the database answers.
 */
public interface Database {
    /** Service property and JNDI name of the daqhub DataSource (persistence units use it). */
    String DATASOURCE_NAME = "daqhub";

    DataSource dataSource();

    /**
     * Applies the versioned SQL migrations of one module: the resources {@code db/<module>/V<n>__<title>.sql}
     * visible to {@code loader}, each once, in version order, recorded in the table
     * {@code schema_history_<module>}. Safe to call on every start.
     *
     * @return the number of migrations applied now (0 when the schema was current)
     * @throws IllegalStateException when a migration fails; its message names the script
     */
    int migrate(String module, ClassLoader loader);

    /** One line for status output, e.g. "embedded PostgreSQL 16.4 on 127.0.0.1:15432, data in data/postgres". */
    String description();
}
