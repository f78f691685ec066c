package org.daqhub.core.persistence;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub bookkeeping database",
        description = "The embedded PostgreSQL that daqhub starts when no etc/org.ops4j.datasource-daqhub.cfg exists")
public @interface PersistenceConfig {
    @AttributeDefinition(description = "auto: embedded unless an external datasource is configured; on; off")
    String embedded() default "auto";

    @AttributeDefinition(description = "TCP port of the embedded server (127.0.0.1 only)")
    int port() default 15432;

    @AttributeDefinition(description = "Data directory of the embedded server; relative paths are under ${karaf.data}")
    String data_dir() default "postgres";

    @AttributeDefinition(description = "Connections in the pool")
    int pool_size() default 8;
}
