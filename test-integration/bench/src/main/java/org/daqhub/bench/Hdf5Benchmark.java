package org.daqhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.daqhub.api.Frame;
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
        List<Frame> frames = Comparison.channelFrames(ROWS, PER_FRAME);
        try {
            // fresh directories per repetition: replacing an existing file by rename makes ext4 write it back
            // at once, which in operation happens only for a retried batch
            double[] m = Comparison.medians(5, true, r -> direct(dir.resolve("direct" + r), frames), r -> store(dir.resolve("store" + r), frames));
            Comparison.print("hdf5: 2M rows (seq, timestamp_ns, run_number, ch int32, v float64), one file per 100k rows (batches of 100 frames)",
                    "rows/s", "jhdf direct (same arrays, same files)", "daqhub HDF5 store", m, 1);
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
