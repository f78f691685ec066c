package org.daqhub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.Table;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.store.Store;
import org.daqhub.core.bus.LocalFrameBus;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.daqhub.core.supervisor.StoreSupervisor;
import org.daqhub.driver.simulator.SimulatorDriver;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * daqhub against the raw library underneath, in one run, so ratios are fair on a noisy machine.
 * Sections: bus (daqhub bus vs raw JeroMQ inproc), pipeline (simulator → store runner → null store vs a
 * raw producer/consumer handoff), codec (frame table encode/decode vs memcpy). Medians of REPS repetitions
 * after a warm-up.
 */
public final class Benchmarks {
    private static final int REPS = 5;
    private static final int[] SIZES = {100, 1024, 65536, 1048576};

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        if (which.equals("pipeline-case")) {
            pipelineCase(args[1], Integer.parseInt(args[2]));
            System.exit(0);
        }
        System.out.printf(Locale.ROOT, "daqhub benchmarks: java %s, %d cpus, jeromq %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ZMQ.getVersionString());
        if (which.equals("all") || which.equals("bus")) {
            bus();
        }
        if (which.equals("all") || which.equals("pipeline")) {
            pipeline();
        }
        if (which.equals("all") || which.equals("codec")) {
            codec();
        }
        if (which.equals("all") || which.equals("postgres")) {
            PostgresBenchmark.run();
        }
        if (which.equals("all") || which.equals("files")) {
            FileStoreBenchmark.run();
        }
        if (which.equals("all") || which.equals("mysql")) {
            MysqlBenchmark.run();
        }
        if (which.equals("all") || which.equals("hdf5")) {
            Hdf5Benchmark.run();
        }
        if (which.equals("all") || which.equals("redis")) {
            RedisBenchmark.run();
        }
        if (which.equals("all") || which.equals("fastmon")) {
            FastmonBenchmark.run();
        }
        if (which.equals("all") || which.equals("ingest")) {
            IngestionBenchmark.run();
        }
        if (which.equals("all") || which.equals("worksets")) {
            WorksetBenchmark.run();
        }
        if (which.equals("all") || which.equals("notify")) {
            NotificationBenchmark.run();
        }
        if (which.equals("all") || which.equals("modbus")) {
            ModbusBenchmark.run();
        }
        if (which.equals("all") || which.equals("mqtt")) {
            MqttBenchmark.run();
        }
        if (which.equals("all") || which.equals("dashboard")) {
            DashboardBenchmark.run();
        }
        System.exit(0);
    }

    private static int messagesFor(int size) {
        return (int) Math.max(200_000, Math.min(2_000_000, (1L << 30) / size));
    }

    // ---------------------------------------------------------------- bus

    static void bus() throws Exception {
        System.out.println();
        System.out.println("## bus: publish -> subscribe, one producer thread, one consumer thread, queue/HWM 1000, lossless");
        System.out.println("| size B | raw JeroMQ inproc msgs/s | daqhub bus msgs/s | daqhub MB/s | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int size : SIZES) {
            int n = messagesFor(size);
            double[] raw = new double[REPS];
            double[] bus = new double[REPS];
            rawZmq(size, n / 4); // warm-up
            daqhubBus(size, n / 4);
            for (int r = 0; r < REPS; r++) { // interleaved, so both see the same machine noise
                raw[r] = rawZmq(size, n);
                bus[r] = daqhubBus(size, n);
            }
            double rawMed = median(raw);
            double busMed = median(bus);
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.1f | %.2f |%n", size, rawMed, busMed, busMed * size / 1e6,
                    busMed / rawMed);
        }
    }

    /** Raw JeroMQ: XPUB (no drop) → SUB over inproc in one context; msgs/s seen by the subscriber. */
    static double rawZmq(int size, int n) throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket pub = ctx.createSocket(SocketType.XPUB);
            pub.setXpubNoDrop(true);
            pub.bind("inproc://bench");
            ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.connect("inproc://bench");
            sub.subscribe(new byte[0]);
            pub.recv(); // subscription arrived: no slow-joiner loss
            byte[] payload = new byte[size];
            long[] elapsed = new long[1];
            Thread consumer = new Thread(() -> {
                sub.recv();
                long t0 = System.nanoTime();
                for (int i = 1; i < n; i++) {
                    sub.recv();
                }
                elapsed[0] = System.nanoTime() - t0;
            });
            consumer.start();
            for (int i = 0; i < n; i++) {
                while (!pub.send(payload, 0)) {
                    Thread.onSpinWait();
                }
            }
            consumer.join();
            return (n - 1) / (elapsed[0] / 1e9);
        }
    }

    /** daqhub bus: Frame.ofRaw published → one BLOCK subscription of capacity 1000; msgs/s seen by the subscriber. */
    static double daqhubBus(int size, int n) throws Exception {
        LocalFrameBus bus = new LocalFrameBus("bench");
        Subscription sub = bus.subscribe("bench", List.of("data.*"), 1000, OverflowPolicy.BLOCK);
        byte[] payload = new byte[size];
        long[] elapsed = new long[1];
        Thread consumer = new Thread(() -> {
            try {
                List<Frame> batch = new ArrayList<>(256);
                sub.poll(1, TimeUnit.HOURS);
                long t0 = System.nanoTime();
                int got = 1;
                while (got < n) {
                    if (sub.drainTo(batch, 256) == 0) {
                        Frame f = sub.poll(1, TimeUnit.SECONDS);
                        if (f != null) {
                            got++;
                        }
                        continue;
                    }
                    got += batch.size();
                    batch.clear();
                }
                elapsed[0] = System.nanoTime() - t0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < n; i++) {
            bus.publish(Frame.ofRaw("data.bench.x", "bench", i, 0, 0, null, payload));
        }
        consumer.join();
        sub.close();
        return (n - 1) / (elapsed[0] / 1e9);
    }

    // ---------------------------------------------------------------- pipeline

    /** Counts what it is given and nothing else. */
    static final class NullStore implements Store {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void write(List<Frame> batch) {
            long n = 0;
            for (Frame f : batch) {
                n += f.payloadSize();
            }
            bytes.addAndGet(n);
            frames.addAndGet(batch.size());
        }
    }

    static void pipeline() throws Exception {
        System.out.println();
        System.out.println("## pipeline: simulator driver (raw frames, rate 0) -> bus -> store runner -> null store, in one JVM");
        System.out.println("raw = the same work without daqhub: a thread allocating the frame's byte[] and an ArrayBlockingQueue(1000) to a consumer thread.");
        System.out.println("Each figure: median of 3 fresh JVMs, 2 s warm-up then 3 s measured.");
        System.out.println("JVM 'daqhub' = bin/setenv of the distribution: -Xms2g -Xmx2g -XX:+AlwaysPreTouch; 'cold heap' = -Xms2g -Xmx6g, heap pages faulted in while running.");
        System.out.println("| frame B | JVM | raw handoff GB/s | daqhub GB/s | daqhub frames/s | ratio |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int size : new int[] {1024, 65536, 1048576}) {
            for (String jvm : new String[] {"daqhub", "cold heap"}) {
                double[] raw = new double[3];
                double[] daq = new double[3];
                double[] fps = new double[3];
                for (int r = 0; r < 3; r++) { // each measurement in a fresh JVM: JIT and heap state differ too much otherwise
                    raw[r] = fork(jvm, "raw", size)[0];
                    double[] d = fork(jvm, "daqhub", size);
                    daq[r] = d[0];
                    fps[r] = d[1];
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.2f | %,.0f | %.2f |%n", size, jvm, median(raw) / 1e9,
                        median(daq) / 1e9, median(fps), median(daq) / median(raw));
            }
        }
    }

    /** Runs one pipeline case in a child JVM (same class path and heap): 2 s warm-up, 3 s measured. */
    static double[] fork(String jvm, String variant, int size) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms2g"));
        cmd.addAll(jvm.equals("daqhub") ? List.of("-Xmx2g", "-XX:+AlwaysPreTouch") : List.of("-Xmx6g"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Benchmarks.class.getName(), "pipeline-case", variant,
                String.valueOf(size)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pipeline case " + variant + " " + size + " failed: " + out);
        }
        String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        return new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1])};
    }

    static void pipelineCase(String variant, int size) throws Exception {
        boolean raw = variant.equals("raw");
        double[] r = raw ? new double[] {rawHandoff(size, 2.0), 0} : daqhubPipeline(size, 2.0);
        r = raw ? new double[] {rawHandoff(size, 3.0), 0} : daqhubPipeline(size, 3.0);
        if (raw) {
            r[1] = r[0] / size;
        }
        System.out.println(r[0] + " " + r[1]);
    }

    public static double rawHandoff(int size, double seconds) throws Exception {
        ArrayBlockingQueue<byte[]> q = new ArrayBlockingQueue<>(1000);
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread consumer = new Thread(() -> {
            List<byte[]> batch = new ArrayList<>(1000);
            try {
                while (true) {
                    byte[] b = q.poll(100, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        return;
                    }
                    batch.add(b);
                    q.drainTo(batch, 999);
                    long n = 0;
                    for (byte[] x : batch) {
                        n += x.length;
                    }
                    bytes.addAndGet(n);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        long t0 = System.nanoTime();
        long seq = 0;
        while (System.nanoTime() < end) {
            byte[] b = new byte[size];
            b[0] = (byte) seq++;
            q.put(b);
        }
        long startBytes = 0;
        consumer.join();
        return (bytes.get() - startBytes) / ((System.nanoTime() - t0 - 100_000_000L) / 1e9);
    }

    static double[] daqhubPipeline(int size, double seconds) throws Exception {
        LocalFrameBus bus = new LocalFrameBus("bench");
        // as in the distribution: the driver waits for the configured store, sequences and gaps kept on disk
        StoreSupervisor stores = new StoreSupervisor(bus, () -> Map.of("sink", List.of("data.*")));
        DriverSupervisor drivers = new DriverSupervisor(bus, stores);
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("daqhub-bench-sequences");
        drivers.activate(Map.of("sequence.dir", state.toString()));
        stores.activate(Map.of("sequence.dir", state.toString()));
        NullStore store = new NullStore();
        stores.addStore(store, Map.of("service.pid", "null~sink", "topics", "data.*", "batch.size", "1000", "queue.capacity", "1000"));
        SimulatorDriver sim = new SimulatorDriver();
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.simulator~sim", "rate", "0", "mode", "raw",
                "frame.size", String.valueOf(size)));
        sim.activate(cfg);
        drivers.addDriver(sim, cfg);
        Thread.sleep(500); // warm-up
        long b0 = store.bytes.get();
        long f0 = store.frames.get();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long b1 = store.bytes.get();
        long f1 = store.frames.get();
        double dt = (System.nanoTime() - t0) / 1e9;
        drivers.deactivate();
        stores.deactivate();
        return new double[] {(b1 - b0) / dt, (f1 - f0) / dt};
    }

    // ---------------------------------------------------------------- codec

    static void codec() {
        System.out.println();
        System.out.println("## codec: table payload of 1000 rows x (2 int64 + 4 float64) = 48 kB, encode and decode vs one memcpy of the same bytes");
        int rows = 1000;
        long[] a = new long[rows];
        long[] b = new long[rows];
        Table.Builder tb = Table.builder().addInt64("sample", a).addInt64("time_ns", b);
        for (int c = 0; c < 4; c++) {
            double[] v = new double[rows];
            Arrays.fill(v, Math.PI * c);
            tb.addFloat64("ch" + c, v);
        }
        Table t = tb.build();
        byte[] enc = FrameCodec.encodeTable(t);
        int n = 20000;
        double[] e = new double[REPS];
        double[] d = new double[REPS];
        double[] m = new double[REPS];
        byte[] dst = new byte[enc.length];
        long sink = 0;
        for (int r = -1; r < REPS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += FrameCodec.encodeTable(t).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += FrameCodec.decodeTable(enc).rowCount();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                System.arraycopy(enc, 0, dst, 0, enc.length);
                sink += dst[i % dst.length];
            }
            long t3 = System.nanoTime();
            if (r >= 0) {
                e[r] = (double) n * enc.length / ((t1 - t0) / 1e9);
                d[r] = (double) n * enc.length / ((t2 - t1) / 1e9);
                m[r] = (double) n * enc.length / ((t3 - t2) / 1e9);
            }
        }
        System.out.println("| step | MB/s | vs memcpy |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| encode | %,.0f | %.2f |%n", median(e) / 1e6, median(e) / median(m));
        System.out.printf(Locale.ROOT, "| decode | %,.0f | %.2f |%n", median(d) / 1e6, median(d) / median(m));
        System.out.printf(Locale.ROOT, "| memcpy | %,.0f | 1.00 |%n", median(m) / 1e6);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
