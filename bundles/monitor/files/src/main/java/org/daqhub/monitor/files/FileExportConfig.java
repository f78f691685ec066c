package org.daqhub.monitor.files;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub monitoring export to files", description = "One file per UTC day")
public @interface FileExportConfig {
    @AttributeDefinition(description = "Directory; relative paths are under ${karaf.data}")
    String dir() default "monitoring";

    @AttributeDefinition(description = "File name prefix: <prefix>-YYYY-MM-DD.<ext>")
    String prefix() default "events";
}
