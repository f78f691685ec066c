package org.daqhub.monitor.files;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.daqhub.api.monitor.MonitoringEvent;

/**
 * Appends events to one file per UTC day of the event ({@code <prefix>-YYYY-MM-DD.<ext>}). A batch is written
 * and flushed before export returns; an I/O error propagates, so the platform spools the batch.
 */
final class DailyFiles {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String prefix;
    private final String extension;
    private final String header;
    private final Function<MonitoringEvent, String> line;

    DailyFiles(Path dir, String prefix, String extension, String header, Function<MonitoringEvent, String> line) {
        this.dir = dir;
        this.prefix = prefix;
        this.extension = extension;
        this.header = header;
        this.line = line;
    }

    Path fileFor(MonitoringEvent e) {
        return dir.resolve(prefix + "-" + DAY.format(e.time()) + "." + extension);
    }

    void write(List<MonitoringEvent> events) throws IOException {
        Files.createDirectories(dir);
        Map<Path, StringBuilder> byFile = new LinkedHashMap<>();
        for (MonitoringEvent e : events) {
            byFile.computeIfAbsent(fileFor(e), f -> new StringBuilder()).append(line.apply(e)).append('\n');
        }
        for (Map.Entry<Path, StringBuilder> f : byFile.entrySet()) {
            boolean fresh = !Files.exists(f.getKey()) || Files.size(f.getKey()) == 0;
            try (Writer w = Files.newBufferedWriter(f.getKey(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                if (fresh && header != null) {
                    w.write(header);
                    w.write('\n');
                }
                w.write(f.getValue().toString());
            }
        }
    }
}
