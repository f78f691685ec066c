package org.daqhub.bench;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
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
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < ROWS / PER_FRAME; f++) {
            int[] ch = new int[PER_FRAME];
            double[] v = new double[PER_FRAME];
            for (int i = 0; i < PER_FRAME; i++) {
                ch[i] = i % 16;
                v[i] = i * 0.5;
            }
            frames.add(Frame.ofTable("data.bench.adc", "bench", f, 1_700_000_000_000_000_000L + f, 1,
                    Table.builder().addInt32("ch", ch).addFloat64("v", v).build()));
        }
        try {
            double[] raw = new double[3];
            double[] daq = new double[3];
            for (int r = -1; r < 3; r++) {
                double a = rawPipeline(port, frames, "raw" + r);
                double b = store(port, frames, "store" + r);
                if (r >= 0) {
                    raw[r] = a;
                    daq[r] = b;
                }
            }
            System.out.println();
            System.out.println("## redis: 200k rows (seq, timestamp_ns, run_number, source, ch, v) as stream entries, 1000 rows per pipeline, Redis 6.2 (embedded-redis, no persistence)");
            System.out.println("| path | rows/s | ratio |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| raw Jedis pipelined XADD (same fields, same ids) | %,.0f | 1.00 |%n", FileStoreBenchmark.median(raw));
            System.out.printf(Locale.ROOT, "| daqhub Redis store | %,.0f | %.2f |%n", FileStoreBenchmark.median(daq),
                    FileStoreBenchmark.median(daq) / FileStoreBenchmark.median(raw));
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
