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

    /** A member is ended at its size limit even without a flush, so the file again holds only whole members. */
    @Test
    void gzipMembersEndAtTheirSizeLimit() throws Exception {
        Path p = dir.resolve("big.gz");
        java.util.Random random = new java.util.Random(1);
        StringBuilder text = new StringBuilder();
        try (GzipMembers out = new GzipMembers(Files.newOutputStream(p), 4096)) {
            for (int i = 0; i < 5000; i++) {
                String row = random.nextLong() + "," + random.nextDouble() + "\n";
                text.append(row);
                out.write(row.getBytes(StandardCharsets.US_ASCII));
            }
            assertTrue(Files.size(p) > 4096, "members written before any flush: " + Files.size(p));
            assertEquals(0, run("gzip", "-t", p.toString()).exit());
            out.flush();
            Run all = run("gzip", "-dc", p.toString());
            assertEquals(0, all.exit(), all.out());
            assertEquals(text.toString(), all.out());
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
        assertEquals("instance 't': compression='zip' is not one of none, gzip", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> store("flush.interval.ms", "-1"));
        assertThrows(InvalidConfigException.class, () -> store("file.name", "a/b.csv"));
    }
}
