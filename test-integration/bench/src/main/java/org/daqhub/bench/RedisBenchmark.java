package org.daqhub.bench;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.store.redis.RedisStore;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.embedded.RedisServer;

/** Redis store (stream mode) vs pipelined XADD written by hand with Jedis, same server, one run. */
final class RedisBenchmark {
    private static final int ROWS = 200_000;
    private static final int PER_FRAME = 100;

    private RedisBenchmark() {
    }

    static void run() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
        server.start();
        List<Frame> frames = Comparison.channelFrames(ROWS, PER_FRAME);
        try {
            double[] m = Comparison.medians(3, false, r -> rawPipeline(port, frames, "raw" + r), r -> store(port, frames, "store" + r));
            Comparison.print("redis: 200k rows (seq, timestamp_ns, run_number, source, ch, v) as stream entries, 1000 rows per pipeline, "
                    + "Redis 6.2 (embedded-redis, no persistence)", "rows/s", "raw Jedis pipelined XADD (same fields, same ids)",
                    "daqhub Redis store", m, 1);
        } finally {
            server.stop();
        }
    }

    private static double rawPipeline(int port, List<Frame> frames, String key) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            long t0 = System.nanoTime();
            for (int b = 0; b < frames.size(); b += 10) {
                Pipeline p = j.pipelined();
                for (Frame f : frames.subList(b, b + 10)) {
                    int[] ch = (int[]) f.table().column("ch").array();
                    double[] v = (double[]) f.table().column("v").array();
                    for (int i = 0; i < ch.length; i++) {
                        Map<String, String> m = new HashMap<>();
                        m.put("seq", Long.toString(f.sequence()));
                        m.put("timestamp_ns", Long.toString(f.timestampNanos()));
                        m.put("run_number", Long.toString(f.runNumber()));
                        m.put("source", f.source());
                        m.put("ch", Integer.toString(ch[i]));
                        m.put("v", Double.toString(v[i]));
                        p.xadd(key, new StreamEntryID(f.sequence(), i + 1L), m);
                    }
                }
                p.sync();
            }
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double store(int port, List<Frame> frames, String key) throws Exception {
        RedisStore s = new RedisStore();
        s.activate(Map.of("service.pid", "org.daqhub.store.redis~bench", "port", String.valueOf(port), "key", key));
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += 10) {
            s.write(frames.subList(b, b + 10));
        }
        double rate = ROWS / ((System.nanoTime() - t0) / 1e9);
        s.deactivate();
        return rate;
    }
}
