package org.daqhub.store.raw;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub raw binary store", description = "Appends frame payloads (or whole frames) to binary files, with rotation")
interface RawConfig extends StoreRunnerConfig {
    @AttributeDefinition(defaultValue = "raw", name = "out.dir", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir();

    @AttributeDefinition(defaultValue = "{topic}.bin", name = "file.name", description = "File name; {topic} is replaced by the frame's topic")
    String file_name();

    @AttributeDefinition(defaultValue = "payload", description = "payload: the payload bytes back to back; frames: whole frames in the wire format, each part length-prefixed (docs/wire-format.md)",
            options = {@Option(label = "payload", value = "payload"), @Option(label = "frames", value = "frames")})
    String format();

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(defaultValue = "false", name = "add_date", description = "Prefix the file name with YYYY-MM-DD_")
    boolean add__date();

    @AttributeDefinition(defaultValue = "", description = "Appended as _tag before the extension")
    String tag();

    @AttributeDefinition(defaultValue = "0", name = "rotate.bytes", description = "Start a new file when the current one reaches this size; 0 = never")
    long rotate_bytes();

    @AttributeDefinition(defaultValue = "0", name = "rotate.seconds", description = "Start a new file when the current one is this old; 0 = never")
    long rotate_seconds();

    @AttributeDefinition(defaultValue = "none", description = "none, gzip (adds .gz) or zstd (adds .zst): one gzip member or zstd frame per batch and file, readable after a kill",
            options = {@Option(label = "none", value = "none"), @Option(label = "gzip", value = "gzip"), @Option(label = "zstd", value = "zstd")})
    String compression();
}
