package org.daqhub.core.supervisor;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named long counters that survive a kill of the JVM at the cost of a memory write: the values live in a
 * memory-mapped file ({@code <name>.values}, 8 bytes a slot), whose pages the operating system keeps when the
 * process dies; the names live in {@code <name>.keys}, one per line, appended only when a new one appears. A
 * store runner updates its counters after every batch, thousands of times a second, which rewriting a file
 * each time could not afford (the pipeline benchmark lost a fifth of its rate to it).
 */
final class MappedCounters {
    private static final Logger LOG = LoggerFactory.getLogger(MappedCounters.class);
    private static final int SLOTS = 4096;

    private final Path keys;
    private final Path valuesFile;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private FileChannel channel;
    private MappedByteBuffer values;
    private int capacity;

    /** {@code dir} null: nothing is kept (unit tests, benchmarks). */
    MappedCounters(Path dir, String name) {
        this.keys = dir == null ? null : dir.resolve(name + ".keys");
        this.valuesFile = dir == null ? null : dir.resolve(name + ".values");
    }

    /** The counters kept so far (empty for a new instance or when the files cannot be read, which is logged). */
    Map<String, Long> open() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (keys == null) {
            return out;
        }
        try {
            Files.createDirectories(keys.getParent());
            List<String> names = new ArrayList<>();
            if (Files.exists(keys)) {
                String text = Files.readString(keys, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n'); // a line cut short by a kill has no newline: not counted
                if (end >= 0) {
                    names.addAll(List.of(text.substring(0, end).split("\n", -1)));
                }
            }
            map(Math.max(SLOTS, Integer.highestOneBit(Math.max(1, names.size())) * 2));
            for (String n : names) {
                int slot = slots.size();
                slots.put(n, slot);
                long v = values.getLong(slot * 8);
                if (v != Long.MIN_VALUE) {
                    out.put(n, v);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("daqhub: cannot read {} ({}); counting starts afresh", keys, e.toString());
            slots.clear();
        }
        return out;
    }

    private void map(int slotCount) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(valuesFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        long oldSize = channel.size();
        values = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) slotCount * 8);
        for (long pos = oldSize; pos + 8 <= (long) slotCount * 8; pos += 8) {
            values.putLong((int) pos, Long.MIN_VALUE); // fresh slots hold "nothing yet", not 0
        }
        capacity = slotCount;
    }

    /** Sets one counter; a new name gets its slot (value first, then the name, so a kill never pairs a name with garbage). */
    void put(String name, long value) {
        if (keys == null || values == null) {
            return;
        }
        Integer slot = slots.get(name);
        try {
            if (slot == null) {
                slot = slots.size();
                if (slot >= capacity) {
                    map(capacity * 2);
                }
                values.putLong(slot * 8, value);
                Files.writeString(keys, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                slots.put(name, slot);
                return;
            }
            values.putLong(slot * 8, value);
        } catch (IOException e) {
            LOG.error("daqhub: cannot keep counter {} in {} ({})", name, keys, e.toString());
        }
    }

    void close() {
        if (channel != null) {
            try {
                values.force();
                channel.close();
            } catch (IOException e) {
                LOG.warn("daqhub: closing {} failed: {}", valuesFile, e.toString());
            }
            channel = null;
            values = null;
        }
    }
}
