package org.daqhub.store.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 *
 * <p>Each row is written exactly once, also when a write fails half-way and the runner retries the batch: a batch
 * is taken (encoded into memory) only after everything it needs is open and what earlier batches left pending has
 * reached the files; a drain that fails is repeated over its own partial bytes ({@link CsvFile}).
 */
@Component(name = "org.daqhub.store.csv", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = CsvConfig.class, factory = true)
public class CsvStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(CsvStore.class);

    private CsvSettings settings;
    private final Map<Path, CsvFile> files = new HashMap<>();
    private final Set<Path> truncated = new HashSet<>();
    private long lastDrainNanos = System.nanoTime();
    /** How files are opened: the file system, or in tests a channel that fails half-way. */
    CsvFile.Channels channels = CsvFile.FILES;
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
        try {
            closeAll();
        } catch (IOException e) {
            // rows the runner counted as stored: the file could not take them (disk full?) and they are gone with us
            LOG.error("daqhub CSV store '{}': stopping with rows not yet in their files, lost: {}", settings.instance(), e.toString());
            throw e;
        }
    }

    @Override
    public synchronized void write(List<Frame> batch) throws IOException {
        // what earlier batches left pending reaches the files first: if that fails, nothing of this batch is taken
        if (drainDue()) {
            flush();
        }
        LocalDate date = settings.addDate() ? LocalDate.now() : null;
        CsvFile[] target = new CsvFile[batch.size()];
        for (int i = 0; i < target.length; i++) { // every file this batch needs, opened before any row is taken
            Path path = settings.outDir().resolve(FileNames.name(settings.fileName(), batch.get(i).topic(), date, settings.tag(),
                    settings.compression().extension()));
            CsvFile f = files.get(path);
            target[i] = f != null ? f : open(path);
        }
        for (int i = 0; i < target.length; i++) { // into memory: cannot fail half-way
            CsvFile f = target[i];
            if (f.needsHeader) {
                f.text.write(header(batch.get(i)));
                f.needsHeader = false;
            }
            writeRows(f.text, batch.get(i));
        }
    }

    private boolean drainDue() {
        if (System.nanoTime() - lastDrainNanos >= settings.flushIntervalMillis() * 1_000_000L) {
            return true;
        }
        for (CsvFile f : files.values()) {
            if (f.pendingBytes() >= CsvFile.DRAIN_BYTES) {
                return true;
            }
        }
        return false;
    }

    private CsvFile open(Path path) throws IOException {
        if (settings.addDate()) {
            // a new day: files of earlier days are done
            String today = path.getFileName().toString().substring(0, 10);
            for (Path p : List.copyOf(files.keySet())) {
                if (!p.getFileName().toString().startsWith(today)) {
                    files.get(p).drain(); // may fail: then nothing changed and the batch is retried
                    files.remove(p).close();
                }
            }
        }
        Files.createDirectories(path.getParent());
        CsvFile f = new CsvFile(path, channels.open(path, settings.overwrite() && !truncated.contains(path)), settings.compression());
        truncated.add(path);
        files.put(path, f);
        return f;
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
        IOException first = null;
        for (CsvFile f : files.values()) {
            try {
                f.drain();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first; // the runner retries; the rows stay pending in memory until a drain succeeds
        }
        lastDrainNanos = System.nanoTime();
    }

    synchronized void closeAll() throws IOException {
        IOException first = null;
        for (CsvFile f : files.values()) {
            try {
                f.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }
}
