package org.daqhub.store.hdf5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Column;
import org.daqhub.api.Frame;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.store.FileNames;
import org.daqhub.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

/**
 * Writes each batch of a topic as one complete HDF5 file with jhdf (pure Java): datasets {@code seq},
 * {@code timestamp_ns}, {@code run_number} (one value per row) and one dataset per table column; raw frames
 * go to group {@code raw} as one int8 dataset per frame, named by its sequence number. jhdf writes whole
 * files, not appends, so a file per batch is what keeps every acknowledged batch on disk: the file is
 * written under a temporary name and renamed, so a crash never leaves half a file, and a retried batch
 * replaces its file instead of duplicating rows. File size follows the batch: raise batch.size /
 * batch.linger.ms for fewer, bigger files.
 */
@Component(name = "org.daqhub.store.hdf5", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = Hdf5Config.class, factory = true)
public class Hdf5Store implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(Hdf5Store.class);

    private String instance;
    private Path outDir;
    private String fileName;
    private boolean addDate;
    private String tag;

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        try {
            instance = s.instance();
            outDir = s.directory("out.dir", "hdf5", Paths.get(System.getProperty("karaf.data", "data")));
            fileName = s.fileName("file.name", "{topic}.h5");
            addDate = s.bool("add_date", false);
            tag = s.string("tag", "");
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.hdf5, {}; the instance is not started", e.getMessage());
            throw e;
        }
        LOG.info("daqhub HDF5 store '{}' writes to {}", instance, outDir);
    }

    @Override
    public void write(List<Frame> batch) throws IOException {
        Map<String, List<Frame>> byTopic = new LinkedHashMap<>();
        for (Frame f : batch) {
            byTopic.computeIfAbsent(f.topic(), k -> new ArrayList<>()).add(f);
        }
        Files.createDirectories(outDir);
        LocalDate date = addDate ? LocalDate.now() : null;
        for (Map.Entry<String, List<Frame>> e : byTopic.entrySet()) {
            List<Frame> frames = e.getValue();
            String name = FileNames.insertBeforeExtension(FileNames.name(fileName, e.getKey(), date, tag, ""),
                    String.format("-%012d", frames.get(0).sequence()));
            Path target = outDir.resolve(name);
            Path tmp = outDir.resolve("." + name + ".tmp");
            writeFile(tmp, e.getKey(), frames);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void writeFile(Path path, String topic, List<Frame> frames) {
        List<Frame> tables = new ArrayList<>();
        List<Frame> raws = new ArrayList<>();
        for (Frame f : frames) {
            (f.isTable() ? tables : raws).add(f);
        }
        try (WritableHdfFile file = HdfFile.write(path)) {
            file.putAttribute("topic", topic);
            file.putAttribute("source", frames.get(0).source());
            file.putAttribute("writer", "daqhub org.daqhub.store.hdf5");
            if (!tables.isEmpty()) {
                writeTables(file, tables);
            }
            if (!raws.isEmpty()) {
                WritableGroup raw = file.putGroup("raw");
                for (Frame f : raws) {
                    raw.putDataset(Long.toString(f.sequence()), f.raw()).putAttribute("content_type", f.contentType());
                }
            }
        }
    }

    /** One dataset per column over all rows of all frames; frames with other columns than the first are skipped with a warning. */
    private static void writeTables(WritableHdfFile file, List<Frame> frames) {
        List<Column> layout = frames.get(0).table().columns();
        List<Frame> same = new ArrayList<>();
        for (Frame f : frames) {
            if (sameLayout(layout, f.table().columns())) {
                same.add(f);
            } else {
                LOG.warn("daqhub HDF5 store: frame {} of {} has other columns than the batch's first frame; it is skipped", f.sequence(), f.topic());
            }
        }
        int rows = 0;
        for (Frame f : same) {
            rows += f.table().rowCount();
        }
        long[] seq = new long[rows];
        long[] ts = new long[rows];
        long[] run = new long[rows];
        int at = 0;
        for (Frame f : same) {
            for (int r = 0; r < f.table().rowCount(); r++, at++) {
                seq[at] = f.sequence();
                ts[at] = f.timestampNanos();
                run[at] = f.runNumber();
            }
        }
        file.putDataset("seq", seq);
        file.putDataset("timestamp_ns", ts);
        file.putDataset("run_number", run);
        for (int c = 0; c < layout.size(); c++) {
            Column first = layout.get(c);
            Object data = concat(same, c, rows);
            file.putDataset(first.name(), data);
        }
    }

    private static boolean sameLayout(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name()) || a.get(i).type() != b.get(i).type()) {
                return false;
            }
        }
        return true;
    }

    private static Object concat(List<Frame> frames, int column, int rows) {
        Column first = frames.get(0).table().columns().get(column);
        Object out;
        switch (first.type()) {
            case INT32: out = new int[rows]; break;
            case INT64: out = new long[rows]; break;
            case FLOAT32: out = new float[rows]; break;
            case FLOAT64: out = new double[rows]; break;
            default: out = new String[rows]; break;
        }
        int at = 0;
        for (Frame f : frames) {
            Column c = f.table().columns().get(column);
            System.arraycopy(c.array(), 0, out, at, c.length());
            at += c.length();
        }
        if (out instanceof String[]) {
            String[] s = (String[]) out;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    s[i] = ""; // HDF5 fixed-length strings have no null
                }
            }
        }
        return out;
    }
}
