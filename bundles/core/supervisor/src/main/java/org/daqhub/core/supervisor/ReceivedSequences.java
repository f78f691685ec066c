package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one store runner has received of each source's sequence: the last number per (topic, source), kept in
 * {@link MappedCounters} after every batch it has written or spooled, so it survives restarts and crashes.
 * A frame more than one above the last is a gap: the frames between never reached this store (it was stopped
 * or not yet subscribed, the platform crashed, or they were dropped on the way). Each gap is logged with the
 * source and the first and last missing number and counted; a number at or below the last means the source
 * started its sequence again (a client of the TCP endpoint restarted), which is logged, not counted.
 * Runs on the runner's thread only.
 */
final class ReceivedSequences {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivedSequences.class);
    /** Gap lines per minute before they are summed up instead (drop_oldest can make many). */
    private static final int LOG_LINES_PER_MINUTE = 10;

    private final String store;
    private final MappedCounters file;
    /** topic → source → last number received */
    private final Map<String, Map<String, Slot>> last = new HashMap<>();
    private final List<Slot> dirty = new ArrayList<>();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong missing = new AtomicLong();
    private String cachedTopic;
    private String cachedSource;
    private Slot cachedSlot;
    private long windowStartMillis;
    private int linesInWindow;
    private long unloggedGaps;
    private long unloggedFrames;

    /** One source's last number; {@code dirty} until kept. */
    private static final class Slot {
        final String key;
        long last = Long.MIN_VALUE;
        boolean dirty;

        Slot(String key) {
            this.key = key;
        }
    }

    ReceivedSequences(String store, MappedCounters file) {
        this.store = store;
        this.file = file;
        file.open().forEach((key, seq) -> {
            int bar = key.lastIndexOf('|');
            if (bar > 0) {
                slot(key.substring(0, bar), key.substring(bar + 1)).last = seq;
            }
        });
    }

    void accept(Frame f) {
        Slot slot;
        // frames of one publisher share their topic and source strings: skip the map lookups
        if (f.topic() == cachedTopic && f.source() == cachedSource) {
            slot = cachedSlot;
        } else {
            slot = slot(f.topic(), f.source());
            cachedTopic = f.topic();
            cachedSource = f.source();
            cachedSlot = slot;
        }
        long seq = f.sequence();
        long before = slot.last;
        slot.last = seq;
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
        if (before == Long.MIN_VALUE || seq == before + 1) {
            return;
        }
        if (seq > before + 1) {
            gaps.incrementAndGet();
            missing.addAndGet(seq - before - 1);
            gap(f, before + 1, seq - 1);
        } else {
            LOG.info("daqhub store '{}': source '{}' started topic {} again at sequence {} (the last was {})", store,
                    f.source(), f.topic(), seq, before);
        }
    }

    private Slot slot(String topic, String source) {
        return last.computeIfAbsent(topic, t -> new HashMap<>()).computeIfAbsent(source, s -> new Slot(topic + "|" + source));
    }

    private void gap(Frame f, long first, long lastMissing) {
        long now = System.currentTimeMillis();
        if (now - windowStartMillis >= 60_000) {
            if (unloggedGaps > 0) {
                LOG.warn("daqhub store '{}': {} more sequence gaps ({} frames) in the last minute were not logged one by one",
                        store, unloggedGaps, unloggedFrames);
            }
            windowStartMillis = now;
            linesInWindow = 0;
            unloggedGaps = 0;
            unloggedFrames = 0;
        }
        if (linesInWindow++ < LOG_LINES_PER_MINUTE) {
            LOG.warn("daqhub store '{}': sequence gap from source '{}' on {}: frames {}..{} ({} frames) never reached this store",
                    store, f.source(), f.topic(), first, lastMissing, lastMissing - first + 1);
        } else {
            unloggedGaps++;
            unloggedFrames += lastMissing - first + 1;
        }
    }

    /** After a batch was written or spooled: what was received so far is kept (a memory write per source). */
    void save() {
        for (Slot slot : dirty) {
            file.put(slot.key, slot.last);
            slot.dirty = false;
        }
        dirty.clear();
    }

    void close() {
        save();
        file.close();
    }
}
