package org.daqhub.store.raw;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub raw binary store", description = "Appends frame payloads (or whole frames) to binary files, with rotation")
@interface RawConfig {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.digitizer.*")
    String topics();

    @AttributeDefinition(name = "out.dir", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir() default "raw";

    @AttributeDefinition(name = "file.name", description = "File name; {topic} is replaced by the frame's topic")
    String file_name() default "{topic}.bin";

    @AttributeDefinition(description = "payload: the payload bytes back to back; frames: whole frames in the wire format, each part length-prefixed (docs/wire-format.md)",
            options = {@Option(label = "payload", value = "payload"), @Option(label = "frames", value = "frames")})
    String format() default "payload";

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(name = "add_date", description = "Prefix the file name with YYYY-MM-DD_")
    boolean add__date() default false;

    @AttributeDefinition(description = "Appended as _tag before the extension")
    String tag() default "";

    @AttributeDefinition(name = "rotate.bytes", description = "Start a new file when the current one reaches this size; 0 = never")
    long rotate_bytes() default 0;

    @AttributeDefinition(name = "rotate.seconds", description = "Start a new file when the current one is this old; 0 = never")
    long rotate_seconds() default 0;
}
