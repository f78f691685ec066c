package org.daqhub.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    private static MemoryStore store(String... kv) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("service.pid", "org.daqhub.store.memory~peek", "topics", "data.*"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        MemoryStore s = new MemoryStore();
        s.activate(m);
        return s;
    }

    private static Frame frame(String topic, long seq, int bytes) {
        return Frame.ofRaw(topic, "det", seq, seq * 1000, 1, Frame.OCTETS, new byte[bytes]);
    }

    @Test
    void keepsTheNewestFramesOfEachTopicOldestFirst() {
        MemoryStore s = store("frames.per.topic", "3");
        List<Frame> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(frame("data.a.x", i, 10));
            batch.add(frame("data.b.x", 100 + i, 10));
        }
        s.write(batch);
        assertEquals(java.util.Set.of("data.a.x", "data.b.x"), s.topics());
        assertEquals(List.of(2L, 3L, 4L), s.newest("data.a.x", 10).stream().map(Frame::sequence).toList());
        assertEquals(List.of(103L, 104L), s.newest("data.b.x", 2).stream().map(Frame::sequence).toList());
        assertEquals(List.of(), s.newest("data.c.x", 2));
        assertEquals(60, s.bytes());
        assertSame(batch.get(9), s.newest("data.b.x", 1).get(0), "held by reference, not copied");
    }

    @Test
    void maxBytesDropsTheOldestOfTheFullestTopicButKeepsEveryTopicsNewest() {
        MemoryStore s = store("frames.per.topic", "100", "max.bytes", "1000");
        for (int i = 0; i < 10; i++) {
            s.write(List.of(frame("data.big.x", i, 200)));
        }
        s.write(List.of(frame("data.small.x", 0, 10)));
        assertTrue(s.bytes() <= 1000, "bytes " + s.bytes());
        assertEquals(List.of(6L, 7L, 8L, 9L), s.newest("data.big.x", 100).stream().map(Frame::sequence).toList());
        assertEquals(1, s.newest("data.small.x", 100).size());
        MemoryStore tiny = store("max.bytes", "10");
        tiny.write(List.of(frame("data.huge.x", 0, 500)));
        assertEquals(1, tiny.newest("data.huge.x", 5).size(), "a topic's newest frame stays even above max.bytes");
    }

    @Test
    void tablesAreKeptWhole() {
        MemoryStore s = store();
        Table t = Table.builder().addFloat64("v", new double[] {1.5, 2.5}).build();
        s.write(List.of(Frame.ofTable("data.t.x", "det", 0, 1, 1, t)));
        assertSame(t, s.newest("data.t.x", 1).get(0).table());
    }
}
