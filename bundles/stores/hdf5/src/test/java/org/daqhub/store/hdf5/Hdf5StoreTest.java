package org.daqhub.store.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;

class Hdf5StoreTest {
    @TempDir
    Path dir;

    private Hdf5Store store(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.hdf5~h");
        m.put("out.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        Hdf5Store s = new Hdf5Store();
        s.activate(m);
        return s;
    }

    private static Frame frame(long seq) {
        return Frame.ofTable("data.det1.adc", "det1", seq, 1000 + seq, 9, Table.builder()
                .addInt32("ch", new int[] {1, 2}).addInt64("n", new long[] {seq, -seq}).addFloat32("f", new float[] {0.5f, 1.5f})
                .addFloat64("v", new double[] {seq + 0.25, Math.PI}).build());
    }

    private Path onlyFile() throws Exception {
        try (Stream<Path> l = Files.list(dir)) {
            List<Path> files = l.filter(p -> p.toString().endsWith(".h5")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    @Test
    void aBatchBecomesOneFileWithADatasetPerColumn() throws Exception {
        store("tag", "run9").write(List.of(frame(4), frame(5), Frame.ofRaw("data.det1.adc", "det1", 6, 0, 9, "image/x-test", new byte[] {7, 8})));
        Path file = onlyFile();
        assertEquals("data.det1.adc_run9-000000000004.h5", file.getFileName().toString());
        try (HdfFile h = new HdfFile(file)) {
            assertArrayEquals(new long[] {4, 4, 5, 5}, (long[]) h.getDatasetByPath("seq").getData());
            assertArrayEquals(new long[] {1004, 1004, 1005, 1005}, (long[]) h.getDatasetByPath("timestamp_ns").getData());
            assertArrayEquals(new int[] {1, 2, 1, 2}, (int[]) h.getDatasetByPath("ch").getData());
            assertArrayEquals(new long[] {4, -4, 5, -5}, (long[]) h.getDatasetByPath("n").getData());
            assertArrayEquals(new float[] {0.5f, 1.5f, 0.5f, 1.5f}, (float[]) h.getDatasetByPath("f").getData());
            assertArrayEquals(new double[] {4.25, Math.PI, 5.25, Math.PI}, (double[]) h.getDatasetByPath("v").getData());
            assertArrayEquals(new byte[] {7, 8}, (byte[]) h.getDatasetByPath("raw/6").getData());
            assertEquals("data.det1.adc", h.getAttribute("topic").getData());
        }
    }

    @Test
    void aRetriedBatchReplacesItsFile() throws Exception {
        Hdf5Store s = store();
        s.write(List.of(frame(1), frame(2)));
        s.write(List.of(frame(1), frame(2)));
        try (HdfFile h = new HdfFile(onlyFile())) {
            assertEquals(4, ((long[]) h.getDatasetByPath("seq").getData()).length);
        }
    }

    @Test
    void badSettingsNameTheKey() {
        assertEquals("instance 'h': file.name='a/b.h5' must be a plain file name (put directories in out.dir)",
                assertThrows(InvalidConfigException.class, () -> store("file.name", "a/b.h5")).getMessage());
    }

    /** The file opens in h5py (Debian python3-h5py) with the expected datasets; skipped without it, .ci/run installs it. */
    @Test
    void h5pyReadsTheFile() throws Exception {
        Path python = Paths.get("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import h5py").start().waitFor() == 0,
                "python3-h5py not installed");
        store().write(List.of(frame(4), frame(5)));
        String script = "import h5py, sys\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "print(sorted(f.keys()))\n"
                + "print(list(f['seq'][:]), list(f['ch'][:]), [float(x) for x in f['v'][:]], f['v'].dtype, f['ch'].dtype)\n"
                + "print(f.attrs['topic'])\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, onlyFile().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertEquals("['ch', 'f', 'n', 'run_number', 'seq', 'timestamp_ns', 'v']", lines.get(0));
        assertEquals("[4, 4, 5, 5] [1, 2, 1, 2] [4.25, 3.141592653589793, 5.25, 3.141592653589793] float64 int32", lines.get(1));
        assertTrue(lines.get(2).contains("data.det1.adc"), lines.get(2));
    }
}
