package org.daqhub.store.postgres;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub PostgreSQL store", description = "Writes frames to PostgreSQL tables with binary COPY; tables are created from the frames' columns")
interface PostgresConfig extends StoreRunnerConfig {
    @AttributeDefinition(description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/daq")
    String url();

    @AttributeDefinition(defaultValue = "postgres", description = "Database user")
    String user();

    @AttributeDefinition(defaultValue = "", type = AttributeType.PASSWORD, description = "Database password")
    String password();

    @AttributeDefinition(defaultValue = "public", description = "Schema of the tables")
    String schema();

    @AttributeDefinition(defaultValue = "{topic}", description = "Table name; {topic} becomes the topic with every character other than a-z, 0-9 and _ replaced by _")
    String table();

    @AttributeDefinition(defaultValue = "5", description = "Seconds to wait for a connection to the server before the batch goes to the spool")
    int connect_timeout_s();

    @AttributeDefinition(defaultValue = "60", description = "Seconds to wait for an answer from a connected server before the batch goes to the spool")
    int socket_timeout_s();
}
