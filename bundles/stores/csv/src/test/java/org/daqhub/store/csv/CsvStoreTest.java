package org.daqhub.store.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.store.FileNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class CsvStoreTest {
    @TempDir
    Path dir;

    @Test
    void fileNamesFollowEnrgdaq() {
        LocalDate d = LocalDate.of(2026, 11, 23);
        assertEquals("data.csv", FileNames.name("data.csv", "t", null, "", ""));
        assertEquals("2026-11-23_data.csv", FileNames.name("data.csv", "t", d, "", ""));
        assertEquals("2026-11-23_data_run5.csv.gz", FileNames.name("data.csv", "t", d, "run5", ".gz"));
        assertEquals("data.det1.adc_x.csv", FileNames.name("{topic}.csv", "data.det1.adc", null, "x", ""));
        assertEquals("noext_x", FileNames.name("noext", "t", null, "x", ""));
    }

    private CsvStore store(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.csv~t");
        m.put("out.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new CsvStore(CsvSettings.read(m, dir));
    }

    private static Frame frame(long seq, double... values) {
        long[] sample = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            sample[i] = seq * values.length + i;
        }
        Table t = Table.builder().addInt64("sample", sample).addFloat64("v", values)
                .addString("note", new String[values.length]).build();
        return Frame.ofTable("data.det1.adc", "det1", seq, 1000 + seq, 3, t);
    }

    @Test
    void appendWritesTheHeaderOnceAcrossRestarts() throws Exception {
        CsvStore a = store("file.name", "out.csv");
        a.write(List.of(frame(0, 1.0, 2.0), frame(1, 3.0, 4.0)));
        a.closeAll();
        CsvStore b = store("file.name", "out.csv");
        b.write(List.of(frame(2, 5.5, 6.5)));
        b.closeAll();
        List<String> lines = Files.readAllLines(dir.resolve("out.csv"));
        assertEquals("seq,timestamp_ns,run_number,sample,v,note", lines.get(0));
        assertEquals(7, lines.size());
        assertEquals("0,1000,3,0,1.0,", lines.get(1));
        assertEquals("2,1002,3,5,6.5,", lines.get(6));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("seq,")).count());
    }

    @Test
    void overwriteTruncatesOnce() throws Exception {
        Files.writeString(dir.resolve("o.csv"), "old\n");
        CsvStore s = store("file.name", "o.csv", "mode", "overwrite");
        s.write(List.of(frame(0, 1.0)));
        s.write(List.of(frame(1, 2.0)));
        s.closeAll();
        List<String> lines = Files.readAllLines(dir.resolve("o.csv"));
        assertEquals(List.of("seq,timestamp_ns,run_number,sample,v,note", "0,1000,3,0,1.0,", "1,1001,3,1,2.0,"), lines);
    }

    @Test
    void gzipWithDateAndTagIsReadableAndAppendable() throws Exception {
        for (int round = 0; round < 2; round++) {
            CsvStore s = store("file.name", "g.csv", "compression", "gzip", "add_date", "true", "tag", "run7");
            s.write(List.of(frame(round, round)));
            s.closeAll();
        }
        Path p = dir.resolve(LocalDate.now() + "_g_run7.csv.gz");
        assertTrue(Files.exists(p), "expected " + p);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            assertEquals(List.of("seq,timestamp_ns,run_number,sample,v,note", "0,1000,3,0,0.0,", "1,1001,3,1,1.0,"),
                    r.lines().toList());
        }
    }

    /** Runs a command; its exit code and its standard output (stderr folded in, for the failure message). */
    private record Run(int exit, String out) {
    }

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /**
     * A kill leaves the file as the OS has it: everything flushed so far, the store never closed. That file must
     * be valid gzip (complete members) holding every flushed row, whatever number of flushes came before.
     */
    @Test
    void gzipIsValidAfterEveryFlushWithoutClosing() throws Exception {
        CsvStore s = store("file.name", "k.csv", "compression", "gzip");
        Path p = dir.resolve("k.csv.gz");
        List<String> expected = new java.util.ArrayList<>(List.of("seq,timestamp_ns,run_number,sample,v,note"));
        for (int flush = 0; flush < 3; flush++) {
            for (int i = 0; i < 100; i++) {
                long seq = flush * 100L + i;
                s.write(List.of(frame(seq, seq)));
                expected.add(seq + "," + (1000 + seq) + ",3," + seq + "," + (double) seq + ",");
            }
            s.flush();
            s.flush(); // an idle flush adds nothing
            Run test = run("gzip", "-t", p.toString());
            assertEquals(0, test.exit(), "gzip -t after flush " + flush + ": " + test.out());
            Run rows = run("gzip", "-dc", p.toString());
            assertEquals(0, rows.exit(), rows.out());
            assertEquals(expected, rows.out().lines().toList());
        }
        s.closeAll();
    }

    /** The rows of a CSV file as an independent reader sees them: the file itself, {@code gzip -dc} or {@code zstd -dc}. */
    private static List<String> lines(Path p, String compression) throws Exception {
        if (compression.equals("none")) {
            return Files.readAllLines(p);
        }
        Run test = run(compression, "-t", p.toString());
        assertEquals(0, test.exit(), compression + " -t " + p + ": " + test.out());
        Run rows = run(compression, "-dc", p.toString());
        assertEquals(0, rows.exit(), rows.out());
        return rows.out().lines().toList();
    }

    private static String suffix(String compression) {
        return compression.equals("none") ? "" : compression.equals("gzip") ? ".gz" : ".zst";
    }

    /**
     * The disk fills half-way through writing out a batch: the store's write fails, the runner retries the batch
     * (as it does, with backoff), and afterwards every row is in the file exactly once, compressed or not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "zstd"})
    void aWriteThatFailsHalfWayIsRetriedWithoutRepeatingRows(String compression) throws Exception {
        CsvStore s = store("file.name", "f.csv", "compression", compression, "flush.interval.ms", "0");
        List<FailingChannel> opened = new java.util.ArrayList<>();
        s.channels = (path, truncate) -> {
            FailingChannel c = new FailingChannel(CsvFile.FILES.open(path, truncate));
            opened.add(c);
            return c;
        };
        List<String> expected = new java.util.ArrayList<>(List.of("seq,timestamp_ns,run_number,sample,v,note"));
        for (long seq = 0; seq < 50; seq++) {
            List<Frame> batch = List.of(frame(seq, seq, seq + 0.5));
            if (seq % 10 == 5) {
                opened.get(0).armed = true; // this batch's write first drains the earlier ones, and that fails
                assertThrows(java.io.IOException.class, () -> s.write(batch));
            }
            s.write(batch); // the runner's retry
            expected.add(seq + "," + (1000 + seq) + ",3," + 2 * seq + "," + (double) seq + ",");
            expected.add(seq + "," + (1000 + seq) + ",3," + (2 * seq + 1) + "," + (seq + 0.5) + ",");
        }
        opened.get(0).armed = true;
        assertThrows(java.io.IOException.class, s::flush); // an idle flush fails too; the rows wait in memory
        s.flush();
        s.closeAll();
        assertEquals(expected, lines(dir.resolve("f.csv" + suffix(compression)), compression));
    }

    /**
     * The JVM is killed (-9) while rows flow: the file is valid for gzip -t / zstd -t and holds every row flushed
     * before, in order, each once (ENRGDAQ's zstd frames per flush).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd"})
    void aKilledJvmLeavesAReadableFileWithEveryFlushedRow(String compression) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CsvKillTarget.class.getName(), dir.toString(),
                compression).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("flushed 4")) {
                // until the fifth flush
            }
            assertEquals("flushed 4", line);
            p.destroyForcibly().waitFor();
        }
        List<String> rows = lines(dir.resolve("kill.csv" + suffix(compression)), compression);
        assertEquals("seq,timestamp_ns,run_number,v", rows.get(0));
        assertTrue(rows.size() >= 1001, "rows: " + rows.size());
        for (int i = 0; i < rows.size() - 1; i++) {
            assertEquals(i + "," + i + ",0," + i, rows.get(i + 1));
        }
    }

    @Test
    void rawFramesGiveOneRowWithTheirSize() throws Exception {
        CsvStore s = store();
        s.write(List.of(Frame.ofRaw("data.cam.img", "cam", 9, 10, 0, null, new byte[4096])));
        s.closeAll();
        assertEquals(List.of("seq,timestamp_ns,run_number,bytes", "9,10,0,4096"),
                Files.readAllLines(dir.resolve("data.cam.img.csv")));
    }

    @Test
    void stringsWithCommasAreQuoted() {
        StringBuilder sb = new StringBuilder();
        CsvStore.escape(sb, "a,\"b\"");
        assertEquals("\"a,\"\"b\"\"\"", sb.toString());
    }

    @Test
    void badSettingsNameTheKey() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> store("compression", "zip"));
        assertEquals("instance 't': compression='zip' is not one of none, gzip, zstd", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> store("flush.interval.ms", "-1"));
        assertThrows(InvalidConfigException.class, () -> store("file.name", "a/b.csv"));
    }
}
