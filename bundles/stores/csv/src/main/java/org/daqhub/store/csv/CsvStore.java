package org.daqhub.store.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.store.FileNames;
import org.daqhub.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames as CSV: columns {@code seq,timestamp_ns,run_number} from the frame header, then the
 * table's columns (a raw frame gives one row with its byte count). One file per name the pattern yields;
 * in append mode the header is written only into a new or empty file.
 */
@Component(name = "org.daqhub.store.csv", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = CsvConfig.class, factory = true)
public class CsvStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(CsvStore.class);

    private CsvSettings settings;
    private final Map<Path, Writer> writers = new HashMap<>();
    private final Set<Path> truncated = new HashSet<>();
    private long lastFlushNanos = System.nanoTime();
    private final StringBuilder line = new StringBuilder(256);

    public CsvStore() {
    }

    CsvStore(CsvSettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        String data = System.getProperty("karaf.data", "data");
        try {
            settings = CsvSettings.read(props, Paths.get(data));
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.csv, {}; the instance is not started", e.getMessage());
            throw e;
        }
        LOG.info("daqhub CSV store '{}' writes to {}", settings.instance(), settings.outDir());
    }

    @Deactivate
    public void deactivate() throws IOException {
        closeAll();
    }

    @Override
    public synchronized void write(List<Frame> batch) throws IOException {
        LocalDate date = settings.addDate() ? LocalDate.now() : null;
        for (Frame f : batch) {
            Path path = settings.outDir().resolve(FileNames.name(settings.fileName(), f.topic(), date, settings.tag(), settings.gzip() ? ".gz" : ""));
            Writer w = writers.get(path);
            if (w == null) {
                w = open(path, f);
            }
            writeRows(w, f);
        }
        if (System.nanoTime() - lastFlushNanos >= settings.flushIntervalMillis() * 1_000_000L) {
            flush();
        }
    }

    private Writer open(Path path, Frame first) throws IOException {
        if (settings.addDate()) {
            // a new day: files of earlier days are done
            String today = path.getFileName().toString().substring(0, 10);
            for (Path p : List.copyOf(writers.keySet())) {
                if (!p.getFileName().toString().startsWith(today)) {
                    writers.remove(p).close();
                }
            }
        }
        Files.createDirectories(path.getParent());
        boolean fresh = settings.overwrite() && truncated.add(path);
        boolean needsHeader = fresh || !Files.exists(path) || Files.size(path) == 0;
        OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        if (settings.gzip()) {
            out = new GzipMembers(out); // a complete member per flush: readable after a kill
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writers.put(path, w);
        if (needsHeader) {
            w.write(header(first));
        }
        return w;
    }

    static String header(Frame f) {
        StringBuilder sb = new StringBuilder("seq,timestamp_ns,run_number");
        if (f.isTable()) {
            for (Column c : f.table().columns()) {
                sb.append(',');
                escape(sb, c.name());
            }
        } else {
            sb.append(",bytes");
        }
        return sb.append('\n').toString();
    }

    private void writeRows(Writer w, Frame f) throws IOException {
        StringBuilder sb = line;
        if (!f.isTable()) {
            sb.setLength(0);
            sb.append(f.sequence()).append(',').append(f.timestampNanos()).append(',').append(f.runNumber()).append(',')
                    .append(f.raw().length).append('\n');
            w.append(sb);
            return;
        }
        Table t = f.table();
        List<Column> cols = t.columns();
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            sb.append(f.sequence()).append(',').append(f.timestampNanos()).append(',').append(f.runNumber());
            for (Column c : cols) {
                sb.append(',');
                if (c.type() == ColumnType.STRING) {
                    escape(sb, c.getString(r));
                } else {
                    c.appendText(sb, r);
                }
            }
            sb.append('\n');
            w.append(sb);
        }
    }

    static void escape(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    @Override
    public synchronized void flush() throws IOException {
        for (Writer w : writers.values()) {
            w.flush();
        }
        lastFlushNanos = System.nanoTime();
    }

    synchronized void closeAll() throws IOException {
        IOException first = null;
        for (Writer w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        writers.clear();
        if (first != null) {
            throw first;
        }
    }
}
