package org.daqhub.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.http.ApiException;
import org.daqhub.api.store.RecentFrames;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

class PeekResourceTest {
    /** A memory store holding the given frames of one topic. */
    record Held(String topic, List<Frame> frames) implements RecentFrames {
        @Override
        public SortedSet<String> topics() {
            return new TreeSet<>(List.of(topic));
        }

        @Override
        public List<Frame> newest(String t, int n) {
            return t.equals(topic) ? frames.subList(Math.max(0, frames.size() - n), frames.size()) : List.of();
        }
    }

    @Test
    void framesComeColumnByColumnAndRawOnesAsSizeAndHead() throws Exception {
        PeekResource r = new PeekResource();
        Table t = Table.builder().addInt64("sample", new long[] {1, 2}).addFloat64("v", new double[] {0.5, 1.5}).build();
        r.addStore(new Held("data.a.x", List.of(Frame.ofTable("data.a.x", "a", 1, 10, 2, t), Frame.ofTable("data.a.x", "a", 2, 20, 2, t))));
        r.addStore(new Held("data.r.x", List.of(Frame.ofRaw("data.r.x", "r", 5, 50, 0, Frame.OCTETS, new byte[] {1, 2, (byte) 0xff}))));
        assertEquals(List.of("data.a.x", "data.r.x"), r.topics().items());
        PeekResource.TopicFrames a = r.frames("data.a.x", "1");
        assertEquals(1, a.count());
        assertEquals(2, a.items().get(0).sequence());
        assertArrayEquals(new double[] {0.5, 1.5}, (double[]) a.items().get(0).columns().get("v"));
        PeekResource.FrameView raw = r.frames("data.r.x", null).items().get(0);
        assertEquals(3L, raw.bytes());
        assertEquals("0102ff", raw.headHex());
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        String body = json.writeValueAsString(a);
        assertTrue(body.contains("\"columns\":{\"sample\":[1,2],\"v\":[0.5,1.5]}") && body.contains("\"timestamp_ns\":20"), body);
    }

    @Test
    void anUnknownTopicOrNoMemoryStoreIs404SayingWhatIsHeld() {
        PeekResource r = new PeekResource();
        ApiException none = assertThrows(ApiException.class, () -> r.frames("data.a.x", null));
        assertEquals(404, none.status());
        assertTrue(none.getMessage().contains("feature:install daqhub-store-memory"), none.getMessage());
        r.addStore(new Held("data.a.x", List.of()));
        ApiException unknown = assertThrows(ApiException.class, () -> r.frames("data.b.x", null));
        assertTrue(unknown.getMessage().contains("held: data.a.x"), unknown.getMessage());
        assertEquals(400, assertThrows(ApiException.class, () -> r.frames("data.a.x", "many")).status());
    }
}
