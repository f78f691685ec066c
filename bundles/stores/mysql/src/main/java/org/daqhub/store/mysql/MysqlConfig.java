package org.daqhub.store.mysql;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub MariaDB/MySQL store", description = "Writes frames to MariaDB or MySQL tables with batched inserts; tables are created from the frames' columns")
@interface MysqlConfig {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.detector1.*")
    String topics();

    @AttributeDefinition(description = "JDBC URL: jdbc:mariadb://host:3306/db (MariaDB) or jdbc:mysql://host:3306/db (MySQL)")
    String url();

    @AttributeDefinition(description = "Database user")
    String user() default "root";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password")
    String password() default "";

    @AttributeDefinition(description = "Table name; {topic} becomes the topic with every character other than a-z, 0-9 and _ replaced by _")
    String table() default "{topic}";

    @AttributeDefinition(description = "Seconds to wait for a connection to the server before the batch goes to the spool")
    int connect_timeout_s() default 5;

    @AttributeDefinition(description = "Seconds to wait for an answer from a connected server before the batch goes to the spool")
    int socket_timeout_s() default 60;
}
