package org.daqhub.core.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named counters of one instance in a small properties file under {@code data/sequences}. Every save writes a
 * new file and renames it over the old one, so a kill at any moment leaves either the old or the new values.
 * No fsync: it guards against a crash of the JVM, whose written pages the operating system keeps.
 */
final class SequenceFile {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceFile.class);
    private static final String CLEAN = "#clean";

    private final Path file;

    /** {@code file} null: nothing is kept (unit tests, benchmarks). */
    SequenceFile(Path file) {
        this.file = file;
    }

    static SequenceFile in(Path dir, String name) {
        return new SequenceFile(dir == null ? null : dir.resolve(name + ".properties"));
    }

    boolean persistent() {
        return file != null;
    }

    /** What was saved last; empty if nothing was (a new instance) or the file cannot be read (logged). */
    Saved load() {
        Map<String, Long> values = new HashMap<>();
        if (file == null || !Files.exists(file)) {
            return new Saved(values, true);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("daqhub: cannot read {} ({}); its sequence numbers start again", file, e.toString());
            return new Saved(values, true);
        }
        for (String key : p.stringPropertyNames()) {
            if (!key.equals(CLEAN)) {
                try {
                    values.put(key, Long.parseLong(p.getProperty(key).trim()));
                } catch (NumberFormatException e) {
                    LOG.error("daqhub: {}: '{}' = '{}' is not a number; ignored", file, key, p.getProperty(key));
                }
            }
        }
        return new Saved(values, Boolean.parseBoolean(p.getProperty(CLEAN, "false")));
    }

    /** Replaces the file; {@code clean} says the values are exact (a graceful stop) rather than upper bounds. */
    void save(Map<String, Long> values, boolean clean) {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        values.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
        p.setProperty(CLEAN, Boolean.toString(clean));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, null);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("daqhub: cannot write {} ({}); sequence numbers may repeat after a restart", file, e.toString());
        }
    }

    /** @param clean true if written at a graceful stop (or nothing was saved yet) */
    record Saved(Map<String, Long> values, boolean clean) {
    }
}
