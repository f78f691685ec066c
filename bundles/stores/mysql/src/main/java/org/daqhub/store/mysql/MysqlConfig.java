package org.daqhub.store.mysql;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub MariaDB/MySQL store", description = "Writes frames to MariaDB or MySQL tables with batched inserts; tables are created from the frames' columns")
interface MysqlConfig extends StoreRunnerConfig {
    @AttributeDefinition(description = "JDBC URL: jdbc:mariadb://host:3306/db (MariaDB) or jdbc:mysql://host:3306/db (MySQL)")
    String url();

    @AttributeDefinition(defaultValue = "root", description = "Database user")
    String user();

    @AttributeDefinition(defaultValue = "", type = AttributeType.PASSWORD, description = "Database password")
    String password();

    @AttributeDefinition(defaultValue = "{topic}", description = "Table name; {topic} becomes the topic with every character other than a-z, 0-9 and _ replaced by _")
    String table();

    @AttributeDefinition(defaultValue = "5", description = "Seconds to wait for a connection to the server before the batch goes to the spool")
    int connect_timeout_s();

    @AttributeDefinition(defaultValue = "60", description = "Seconds to wait for an answer from a connected server before the batch goes to the spool")
    int socket_timeout_s();
}
