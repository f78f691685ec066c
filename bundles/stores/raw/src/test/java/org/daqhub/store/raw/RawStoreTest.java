package org.daqhub.store.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawStoreTest {
    @TempDir
    Path dir;

    private RawStore store(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.store.raw~r");
        m.put("out.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new RawStore(RawSettings.read(m, dir));
    }

    private static Frame raw(long seq, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seq + i);
        }
        return Frame.ofRaw("data.dig.wave", "dig", seq, 0, 0, null, b);
    }

    /** Payloads come back byte for byte through the compression's own command-line tool, across a restart. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gzip", "zstd"})
    void compressedFilesAreReadableByTheirCommandLineTool(String compression) throws Exception {
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int round = 0; round < 2; round++) {
            RawStore s = store("compression", compression);
            List<Frame> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Frame f = raw(round * 50L + i, 1000);
                batch.add(f);
                expected.write(f.raw());
            }
            s.write(batch.subList(0, 25));
            s.write(batch.subList(25, 50));
            s.flush(); // no close: what a killed JVM leaves
        }
        Path file = dir.resolve("data.dig.wave.bin" + (compression.equals("gzip") ? ".gz" : ".zst"));
        Process test = new ProcessBuilder(compression, "-t", file.toString()).redirectErrorStream(true).start();
        assertEquals(0, test.waitFor(), new String(test.getInputStream().readAllBytes()));
        Process dc = new ProcessBuilder(compression, "-dc", file.toString()).start();
        byte[] back = dc.getInputStream().readAllBytes();
        assertEquals(0, dc.waitFor());
        assertArrayEquals(expected.toByteArray(), back);
        assertTrue(Files.size(file) < back.length, "compressed: " + Files.size(file) + " of " + back.length);
    }

    @Test
    void payloadsAreAppendedBackToBackAcrossRestarts() throws Exception {
        RawStore a = store();
        a.write(List.of(raw(0, 10), raw(1, 10)));
        a.deactivate();
        RawStore b = store();
        b.write(List.of(raw(2, 10)));
        b.deactivate();
        byte[] all = Files.readAllBytes(dir.resolve("data.dig.wave.bin"));
        assertEquals(30, all.length);
        assertEquals(2, all[20]); // frame 2 starts with its sequence number
        assertEquals(1, all[10]);
    }

    @Test
    void framesFormatDecodesBackToTheSameFrames() throws Exception {
        RawStore s = store("format", "frames", "file.name", "f.dat");
        Table t = Table.builder().addFloat64("v", new double[] {1, 2}).build();
        s.write(List.of(raw(5, 3), Frame.ofTable("data.x", "x", 6, 7, 8, t)));
        s.deactivate();
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("f.dat"))).order(ByteOrder.LITTLE_ENDIAN);
        List<Frame> back = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] tp = new byte[in.getInt()];
            byte[] h = new byte[in.getInt()];
            byte[] p = new byte[in.getInt()];
            in.get(tp).get(h).get(p);
            back.add(FrameCodec.decode(tp, h, p));
        }
        assertEquals(2, back.size());
        assertArrayEquals(new byte[] {5, 6, 7}, back.get(0).raw());
        assertEquals(2.0, back.get(1).table().column("v").getDouble(1));
        assertEquals(8, back.get(1).runNumber());
    }

    @Test
    void rotatesBySize() throws Exception {
        RawStore s = store("rotate.bytes", "25", "tag", "run3");
        for (int i = 0; i < 10; i++) {
            s.write(List.of(raw(i, 10)));
        }
        s.deactivate();
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) {
            files = l.sorted().toList();
        }
        assertEquals(4, files.size(), files.toString()); // 30 + 30 + 30 + 10 bytes
        long total = 0;
        for (Path p : files) {
            assertTrue(p.getFileName().toString().matches("data\\.dig\\.wave_run3-\\d{8}T\\d{6}\\.\\d{3}(\\.\\d+)?\\.bin"), p.toString());
            total += Files.size(p);
        }
        assertEquals(100, total);
    }

    @Test
    void badSettingsNameTheKey() {
        assertEquals("instance 'r': format='hdf5' is not one of payload, frames",
                assertThrows(InvalidConfigException.class, () -> store("format", "hdf5")).getMessage());
        assertThrows(InvalidConfigException.class, () -> store("rotate.bytes", "-1"));
    }
}
