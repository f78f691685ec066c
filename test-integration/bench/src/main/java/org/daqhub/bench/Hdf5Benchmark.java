package org.daqhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.store.hdf5.Hdf5Store;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/** HDF5 store vs jhdf called directly with the same arrays: same files per batch, same disk, one run. */
final class Hdf5Benchmark {
    private static final int ROWS = 2_000_000;
    private static final int PER_FRAME = 1000;
    private static final int FRAMES_PER_BATCH = 100;

    private Hdf5Benchmark() {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("daqhub-bench-h5");
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < ROWS / PER_FRAME; f++) {
            int[] ch = new int[PER_FRAME];
            double[] v = new double[PER_FRAME];
            for (int i = 0; i < PER_FRAME; i++) {
                ch[i] = i % 16;
                v[i] = Math.sin(i);
            }
            frames.add(Frame.ofTable("data.bench.adc", "bench", f, 1_700_000_000_000_000_000L + f, 1,
                    Table.builder().addInt32("ch", ch).addFloat64("v", v).build()));
        }
        try {
            double[] raw = new double[5];
            double[] daq = new double[5];
            for (int r = -1; r < 5; r++) {
                // fresh directories: replacing an existing file by rename makes ext4 write it back at once,
                // which in operation happens only for a retried batch
                // and alternating order: the second writer of a rep is throttled by the first one's dirty pages
                double a;
                double b;
                if ((r & 1) == 0) {
                    a = direct(dir.resolve("direct" + r), frames);
                    b = store(dir.resolve("store" + r), frames);
                } else {
                    b = store(dir.resolve("store" + r), frames);
                    a = direct(dir.resolve("direct" + r), frames);
                }
                if (r >= 0) {
                    raw[r] = a;
                    daq[r] = b;
                }
            }
            System.out.println();
            System.out.println("## hdf5: 2M rows (seq, timestamp_ns, run_number, ch int32, v float64), one file per 100k rows (batches of 100 frames)");
            System.out.println("| path | rows/s | ratio |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| jhdf direct (same arrays, same files) | %,.0f | 1.00 |%n", FileStoreBenchmark.median(raw));
            System.out.printf(Locale.ROOT, "| daqhub HDF5 store | %,.0f | %.2f |%n", FileStoreBenchmark.median(daq),
                    FileStoreBenchmark.median(daq) / FileStoreBenchmark.median(raw));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double direct(Path dir, List<Frame> frames) throws Exception {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += FRAMES_PER_BATCH) {
            List<Frame> batch = frames.subList(b, b + FRAMES_PER_BATCH);
            int rows = FRAMES_PER_BATCH * PER_FRAME;
            long[] seq = new long[rows];
            long[] ts = new long[rows];
            long[] run = new long[rows];
            int[] ch = new int[rows];
            double[] v = new double[rows];
            int at = 0;
            for (Frame f : batch) {
                System.arraycopy(f.table().column("ch").array(), 0, ch, at, PER_FRAME);
                System.arraycopy(f.table().column("v").array(), 0, v, at, PER_FRAME);
                for (int i = 0; i < PER_FRAME; i++, at++) {
                    seq[at] = f.sequence();
                    ts[at] = f.timestampNanos();
                    run[at] = f.runNumber();
                }
            }
            try (WritableHdfFile file = HdfFile.write(dir.resolve("f" + b + ".h5"))) {
                file.putDataset("seq", seq);
                file.putDataset("timestamp_ns", ts);
                file.putDataset("run_number", run);
                file.putDataset("ch", ch);
                file.putDataset("v", v);
            }
        }
        return ROWS / ((System.nanoTime() - t0) / 1e9);
    }

    private static double store(Path dir, List<Frame> frames) throws Exception {
        Hdf5Store s = new Hdf5Store();
        s.activate(Map.of("service.pid", "org.daqhub.store.hdf5~bench", "out.dir", dir.toString()));
        long t0 = System.nanoTime();
        for (int b = 0; b < frames.size(); b += FRAMES_PER_BATCH) {
            s.write(frames.subList(b, b + FRAMES_PER_BATCH));
        }
        return ROWS / ((System.nanoTime() - t0) / 1e9);
    }
}
