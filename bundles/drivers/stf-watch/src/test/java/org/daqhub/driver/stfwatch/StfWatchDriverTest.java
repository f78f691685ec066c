package org.daqhub.driver.stfwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StfWatchDriverTest {
    @TempDir
    Path dir;

    /** Collects the frames and stops the driver after {@code max} of them. */
    static final class Recorder implements DriverContext, FramePublisher {
        final List<Table> frames = new ArrayList<>();
        final int max;

        Recorder(int max) {
            this.max = max;
        }

        @Override public String instance() { return "w"; }
        @Override public FramePublisher publisher(String stream) { return this; }
        @Override public boolean stopping() { return frames.size() >= max; }
        @Override public void heartbeat() { }
        @Override public void runNumber(long runNumber) { }
        @Override public String topic() { return "data.w.stf"; }
        @Override public void publish(Table table) { frames.add(table); }
        @Override public void publish(byte[] payload, String contentType) { throw new AssertionError(); }
        @Override public long nextSequence() { return frames.size(); }
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.driver.stfwatch~w");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void runNumbersFromFileNamesAsTheSeedParsesThem() {
        assertEquals(OptionalLong.of(12345), RunNumbers.parse("run_12345_physics_0001.stf"));
        assertEquals(OptionalLong.of(42), RunNumbers.parse("RUN42.stf"));
        assertEquals(OptionalLong.of(7), RunNumbers.parse("r7_part.STF"));
        assertEquals(OptionalLong.of(8), RunNumbers.parse("daq-r8.stf"));
        assertEquals(OptionalLong.empty(), RunNumbers.parse("error7.stf"));
        assertEquals(OptionalLong.empty(), RunNumbers.parse("stf_0001.stf"));
    }

    @Test
    void selectionTakesTheFractionButAtLeastOne() {
        List<Path> five = List.of(Path.of("a"), Path.of("b"), Path.of("c"), Path.of("d"), Path.of("e"));
        assertEquals(0, StfWatchDriver.select(List.of(), 0.1, new Random(1)).size());
        assertEquals(1, StfWatchDriver.select(five, 0.1, new Random(1)).size());
        assertEquals(2, StfWatchDriver.select(five, 0.5, new Random(1)).size());
        assertEquals(5, StfWatchDriver.select(five, 1.0, new Random(1)).size());
        List<Path> thirty = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            thirty.add(Path.of("f" + i));
        }
        List<Path> chosen = StfWatchDriver.select(thirty, 0.1, new Random(1));
        assertEquals(3, chosen.size());
        assertTrue(thirty.containsAll(chosen));
    }

    @Test
    void scanKeepsMatchingNewRecentFiles() throws Exception {
        Files.writeString(dir.resolve("run_1_a.stf"), "a");
        Files.writeString(dir.resolve("run_1_b.STF"), "b");
        Files.writeString(dir.resolve("notes.txt"), "c");
        Path old = Files.writeString(dir.resolve("run_1_old.stf"), "d");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        StfWatchDriver.Config c = StfWatchDriver.read(props("directories", dir.toString(), "lookback.min", "30"));
        Set<Path> seen = new HashSet<>();
        List<Path> found = StfWatchDriver.scan(c, seen, System.currentTimeMillis());
        assertEquals(List.of(dir.resolve("run_1_a.stf"), dir.resolve("run_1_b.STF")), found);
        seen.addAll(found);
        assertEquals(List.of(), StfWatchDriver.scan(c, seen, System.currentTimeMillis()));
        StfWatchDriver.Config anyAge = StfWatchDriver.read(props("directories", dir.toString()));
        assertEquals(3, StfWatchDriver.scan(anyAge, new HashSet<>(), System.currentTimeMillis()).size());
    }

    @Test
    void publishesOneRowPerSelectedFileWithRunNumberSizeAndChecksum() throws Exception {
        Files.writeString(dir.resolve("run_77_x.stf"), "hello");
        Files.writeString(dir.resolve("plain.stf"), "hello world");
        StfWatchDriver d = new StfWatchDriver(new Random(3));
        d.activate(props("directories", dir.toString(), "selection.fraction", "1.0", "checksum", "true",
                "default.run.number", "5", "base.url", "file://"));
        Recorder r = new Recorder(1);
        d.run(r);
        Table t = r.frames.get(0);
        assertEquals(2, t.rowCount());
        assertEquals("file://" + dir.resolve("plain.stf"), t.column("file_url").getString(0));
        assertEquals(5, t.column("run_number").getLong(0));
        assertEquals(77, t.column("run_number").getLong(1));
        assertEquals(5, t.column("file_size_bytes").getLong(1));
        assertEquals("5d41402abc4b2a76b9719d911017c592", t.column("checksum").getString(1)); // md5("hello")
        assertEquals("run_77_x.stf", t.column("stf_identifier").getString(1));
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertEquals("directories", assertThrows(InvalidConfigException.class,
                () -> StfWatchDriver.read(props())).key());
        assertEquals("selection.fraction", assertThrows(InvalidConfigException.class,
                () -> StfWatchDriver.read(props("directories", "/x", "selection.fraction", "1.5"))).key());
        assertEquals("patterns", assertThrows(InvalidConfigException.class,
                () -> StfWatchDriver.read(props("directories", "/x", "patterns", "*.{stf"))).key());
    }
}
