package org.daqhub.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** Against a real Redis server (embedded-redis). */
class RedisStoreTest {
    static TestRedis redis;

    @BeforeAll
    static void startServer() throws Exception {
        redis = new TestRedis(Files.createTempDirectory("redis").toFile());
    }

    @AfterAll
    static void stopServer() throws Exception {
        redis.stop();
    }

    static RedisStore store(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.redis~r1");
        m.put("port", String.valueOf(redis.port));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        RedisStore s = new RedisStore();
        s.activate(m);
        return s;
    }

    private static Frame table(long seq) {
        return Frame.ofTable("data.det1.adc", "det1", seq, 2_000_000 * (seq + 1), 4, Table.builder()
                .addInt32("ch", new int[] {1, 2}).addFloat64("v", new double[] {seq + 0.5, -1}).addString("s", new String[] {"x", null}).build());
    }

    @Test
    void streamEntriesPerRowWithExpiryAndIdempotentRetries() throws Exception {
        RedisStore s = store("key", "t1:{topic}", "expiry.days", "2");
        s.write(List.of(table(0), table(1)));
        s.write(List.of(table(1), table(2))); // a retried batch overlapping the first: no duplicates
        s.write(List.of(Frame.ofRaw("data.cam.img", "cam", 7, 0, 0, "image/x-test", new byte[] {1, 2, 3})));
        s.deactivate();
        try (Jedis j = new Jedis("127.0.0.1", redis.port)) {
            List<StreamEntry> entries = j.xrange("t1:data.det1.adc", (StreamEntryID) null, (StreamEntryID) null);
            assertEquals(6, entries.size());
            assertEquals(new StreamEntryID(0, 1), entries.get(0).getID());
            assertEquals(new StreamEntryID(2, 2), entries.get(5).getID());
            Map<String, String> first = entries.get(0).getFields();
            assertEquals("0", first.get("seq"));
            assertEquals("2000000", first.get("timestamp_ns"));
            assertEquals("4", first.get("run_number"));
            assertEquals("1", first.get("ch"));
            assertEquals("0.5", first.get("v"));
            assertEquals("x", first.get("s"));
            assertEquals(null, entries.get(1).getFields().get("s"));
            long ttl = j.ttl("t1:data.det1.adc");
            assertTrue(ttl > 86400 && ttl <= 2 * 86400, "ttl " + ttl);
            var raw = j.xrange("t1:data.cam.img".getBytes(StandardCharsets.UTF_8), (byte[]) null, (byte[]) null);
            assertEquals(1, raw.size());
        }
    }

    @Test
    void sortedSetMembersScoredByTimestamp() throws Exception {
        RedisStore s = store("key", "z:{topic}", "mode", "sortedset");
        s.write(List.of(table(0), table(1)));
        s.write(List.of(table(1))); // retried: same members, nothing added
        s.deactivate();
        try (Jedis j = new Jedis("127.0.0.1", redis.port)) {
            assertEquals(4, j.zcard("z:data.det1.adc"));
            List<String> inWindow = j.zrangeByScore("z:data.det1.adc", 3.5, 4.5); // frame 1: 4 ms
            assertEquals(2, inWindow.size());
            assertTrue(inWindow.get(0).contains("\"seq\":\"1\"") && inWindow.get(0).contains("\"v\":\"1.5\""), inWindow.get(0));
            assertEquals(-1, j.ttl("z:data.det1.adc"), "no expiry by default");
        }
    }

    @Test
    void badSettingsNameTheKeyAndADownServerFailsTheWrite() {
        assertEquals("instance 'r1': mode='list' is not one of stream, sortedset",
                assertThrows(InvalidConfigException.class, () -> store("mode", "list")).getMessage());
        RedisStore nowhere = store("port", "1");
        assertThrows(RuntimeException.class, () -> nowhere.write(List.of(table(0))));
    }

    @Test
    void rawPayloadKeepsItsBytes() throws Exception {
        RedisStore s = store("key", "raw:{topic}");
        s.write(List.of(Frame.ofRaw("data.cam.img", "cam", 1, 0, 0, "image/x-test", new byte[] {0, -1, 2})));
        s.deactivate();
        try (Jedis j = new Jedis("127.0.0.1", redis.port)) {
            var e = j.xrange("raw:data.cam.img".getBytes(StandardCharsets.UTF_8), (byte[]) null, (byte[]) null);
            @SuppressWarnings("unchecked")
            List<byte[]> fields = (List<byte[]>) ((List<Object>) e.get(0)).get(1);
            for (int i = 0; i < fields.size(); i += 2) {
                if (new String(fields.get(i), StandardCharsets.UTF_8).equals("payload")) {
                    assertArrayEquals(new byte[] {0, -1, 2}, fields.get(i + 1));
                    return;
                }
            }
            throw new AssertionError("no payload field");
        }
    }
}
