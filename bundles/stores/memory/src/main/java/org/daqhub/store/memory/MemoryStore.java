package org.daqhub.store.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.daqhub.api.Frame;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.store.RecentFrames;
import org.daqhub.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ENRGDAQ's memory store: the newest {@code frames.per.topic} frames of every topic it is subscribed to, held by
 * reference (frames are immutable, so nothing is copied), within {@code max.bytes} of payload in all; the oldest
 * frame of the fullest topic goes first. Gone at a restart, by design: it is a window on live data, not storage.
 */
@Component(name = "org.daqhub.store.memory", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {Store.class, RecentFrames.class})
@Designate(ocd = MemoryConfig.class, factory = true)
public class MemoryStore implements Store, RecentFrames {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);

    private MemorySettings settings;
    private final Map<String, ArrayDeque<Frame>> byTopic = new HashMap<>();
    private long bytes;

    public MemoryStore() {
    }

    MemoryStore(MemorySettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            settings = MemorySettings.read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.memory, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    @Override
    public synchronized void write(List<Frame> batch) {
        for (Frame f : batch) {
            ArrayDeque<Frame> q = byTopic.computeIfAbsent(f.topic(), t -> new ArrayDeque<>());
            q.addLast(f);
            bytes += f.payloadSize();
            if (q.size() > settings.framesPerTopic()) {
                bytes -= q.removeFirst().payloadSize();
            }
        }
        while (bytes > settings.maxBytes() && evictFromFullest()) {
            // until within max.bytes; the newest frame of each topic is always kept
        }
    }

    /** Drops the oldest frame of the topic holding the most frames (never a topic's last one); false if none. */
    private boolean evictFromFullest() {
        ArrayDeque<Frame> fullest = null;
        for (ArrayDeque<Frame> q : byTopic.values()) {
            if (q.size() > 1 && (fullest == null || q.size() > fullest.size())) {
                fullest = q;
            }
        }
        if (fullest == null) {
            return false;
        }
        bytes -= fullest.removeFirst().payloadSize();
        return true;
    }

    @Override
    public synchronized SortedSet<String> topics() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byTopic.keySet()));
    }

    @Override
    public synchronized List<Frame> newest(String topic, int n) {
        ArrayDeque<Frame> q = byTopic.get(topic);
        if (q == null || n <= 0) {
            return List.of();
        }
        List<Frame> out = new ArrayList<>(Math.min(n, q.size()));
        Iterator<Frame> it = q.descendingIterator();
        while (it.hasNext() && out.size() < n) {
            out.add(it.next());
        }
        Collections.reverse(out);
        return out;
    }

    /** Payload bytes held (for tests and status). */
    synchronized long bytes() {
        return bytes;
    }
}
