package org.daqhub.bench;

import java.io.BufferedWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.store.csv.CsvStore;
import org.daqhub.store.raw.RawStore;

/** CSV store vs a plain BufferedWriter, raw store vs a plain FileChannel: same data, same disk, one run. */
final class FileStoreBenchmark {
    private FileStoreBenchmark() {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("daqhub-bench-files");
        try {
            csv(dir);
            raw(dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- CSV

    static void csv(Path dir) throws Exception {
        int rows = 2_000_000;
        int perFrame = 1000;
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < rows / perFrame; f++) {
            long[] ts = new long[perFrame];
            int[] ch = new int[perFrame];
            double[] v = new double[perFrame];
            for (int i = 0; i < perFrame; i++) {
                ts[i] = 1_700_000_000_000_000L + (long) f * perFrame + i;
                ch[i] = i % 16;
                v[i] = Math.sin(i) * 1000;
            }
            frames.add(Frame.ofTable("data.bench.adc", "bench", f, ts[0] * 1000, 1,
                    Table.builder().addInt64("ts", ts).addInt32("ch", ch).addFloat64("v", v).build()));
        }
        double[] m = Comparison.medians(3, false, r -> csvRaw(dir.resolve("raw.csv"), frames), r -> csvStore(dir, frames));
        Comparison.print("csv: 2M rows (seq, timestamp_ns, run_number, ts int64, ch int32, v float64), batches of 10 frames x 1000 rows, "
                + "to the page cache", "rows/s", "raw BufferedWriter (Long/Integer/Double.toString)", "daqhub CSV store", m, rows);
    }

    /** Returns runs per second (rows/s = that times the row count). */
    private static double csvRaw(Path file, List<Frame> frames) throws Exception {
        Files.deleteIfExists(file);
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("seq,timestamp_ns,run_number,ts,ch,v\n");
            for (Frame f : frames) {
                long[] ts = (long[]) f.table().column("ts").array();
                int[] ch = (int[]) f.table().column("ch").array();
                double[] v = (double[]) f.table().column("v").array();
                for (int i = 0; i < ts.length; i++) {
                    w.write(Long.toString(f.sequence()));
                    w.write(',');
                    w.write(Long.toString(f.timestampNanos()));
                    w.write(',');
                    w.write(Long.toString(f.runNumber()));
                    w.write(',');
                    w.write(Long.toString(ts[i]));
                    w.write(',');
                    w.write(Integer.toString(ch[i]));
                    w.write(',');
                    w.write(Double.toString(v[i]));
                    w.write('\n');
                }
            }
        }
        return 1e9 / (System.nanoTime() - t0);
    }

    private static double csvStore(Path dir, List<Frame> frames) throws Exception {
        Path out = dir.resolve("store");
        Files.deleteIfExists(out.resolve("data.bench.adc.csv"));
        CsvStore s = new CsvStore();
        s.activate(Map.of("service.pid", "org.daqhub.store.csv~bench", "out.dir", out.toString()));
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += 10) {
            s.write(frames.subList(b, Math.min(frames.size(), b + 10)));
        }
        s.flush();
        s.deactivate();
        return 1e9 / (System.nanoTime() - t0);
    }

    // ---------------------------------------------------------------- raw

    static void raw(Path dir) throws Exception {
        int size = 65536;
        int count = 8192; // 512 MiB
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[size];
            b[0] = (byte) i;
            frames.add(Frame.ofRaw("data.bench.wave", "bench", i, 0, 0, null, b));
        }
        double[] m = Comparison.medians(3, true, r -> rawChannel(dir.resolve("raw.bin"), frames), r -> rawStore(dir, frames));
        Comparison.print("raw: 8192 frames of 64 KiB (512 MiB), batches of 64 frames, fsync once at the end", "MB/s",
                "raw FileChannel.write, one call per frame", "daqhub raw store (format = payload)", m, (double) size * count / 1e6);
    }

    private static double rawChannel(Path file, List<Frame> frames) throws Exception {
        Files.deleteIfExists(file);
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (Frame f : frames) {
                ByteBuffer b = ByteBuffer.wrap(f.raw());
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(false); // the store forces at stop too
        }
        return 1e9 / (System.nanoTime() - t0);
    }

    private static double rawStore(Path dir, List<Frame> frames) throws Exception {
        Path out = dir.resolve("rawstore");
        Files.deleteIfExists(out.resolve("data.bench.wave.bin"));
        RawStore s = new RawStore();
        s.activate(Map.of("service.pid", "org.daqhub.store.raw~bench", "out.dir", out.toString()));
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += 64) {
            s.write(frames.subList(b, Math.min(frames.size(), b + 64)));
        }
        s.deactivate();
        return 1e9 / (System.nanoTime() - t0);
    }

}
