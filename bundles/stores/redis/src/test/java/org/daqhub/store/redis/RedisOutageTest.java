package org.daqhub.store.redis;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.tck.StoreOutageScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** The real Redis server stopped for 30 s while the simulator runs: nothing lost, nothing duplicated. */
class RedisOutageTest {
    @TempDir
    Path tmp;

    @Test
    void thirtySecondOutageLosesAndDuplicatesNothing() throws Exception {
        TestRedis redis = new TestRedis(tmp.resolve("redis").toFile());
        RedisStore store = new RedisStore();
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.store.redis~db", "topics", "data.sim.*",
                "port", String.valueOf(redis.port), "key", "{topic}", "batch.linger.ms", "20"));
        store.activate(cfg);
        try {
            StoreOutageScenario.run(store, cfg, new StoreOutageScenario.Server() {
                @Override
                public void stop() throws Exception {
                    redis.stop();
                }

                @Override
                public void start() throws Exception {
                    redis.start();
                }
            }, () -> {
                try (Jedis j = new Jedis("127.0.0.1", redis.port)) {
                    List<StreamEntry> all = j.xrange("data.sim.adc", (StreamEntryID) null, (StreamEntryID) null);
                    Set<Long> seqs = new HashSet<>();
                    long min = Long.MAX_VALUE;
                    long max = -1;
                    for (StreamEntry e : all) {
                        long seq = Long.parseLong(e.getFields().get("seq"));
                        seqs.add(seq);
                        min = Math.min(min, seq);
                        max = Math.max(max, seq);
                    }
                    return new long[] {seqs.size(), min, max, all.size()};
                }
            }, tmp, 30_000);
        } finally {
            redis.stop();
        }
    }
}
