package org.daqhub.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static Table sampleTable() {
        return Table.builder()
                .addInt32("i", new int[] {1, -2, 3})
                .addInt64("l", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE})
                .addFloat32("f", new float[] {1.5f, Float.NaN, -0f})
                .addFloat64("d", new double[] {Math.PI, -1e300, 0.1})
                .addString("s", new String[] {"a", "", "grüße,\"x\""})
                .build();
    }

    @Test
    void tableFrameRoundTrips() {
        Frame f = Frame.ofTable("data.det1.adc", "det1", 42, 1_700_000_000_123_456_789L, 7, sampleTable()).withOrigin("nodeA");
        Frame back = FrameCodec.decode(FrameCodec.encodeTopic(f), FrameCodec.encodeHeader(f), FrameCodec.encodePayload(f));

        assertEquals("data.det1.adc", back.topic());
        assertEquals("det1", back.source());
        assertEquals(42, back.sequence());
        assertEquals(1_700_000_000_123_456_789L, back.timestampNanos());
        assertEquals(7, back.runNumber());
        assertEquals(Frame.TABLE, back.contentType());
        assertEquals("nodeA", back.origin());
        Table t = back.table();
        assertEquals(3, t.rowCount());
        assertEquals(Arrays.asList("i", "l", "f", "d", "s"), t.columns().stream().map(Column::name).toList());
        assertArrayEquals(new int[] {1, -2, 3}, (int[]) t.column("i").array());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, (long[]) t.column("l").array());
        assertArrayEquals(new float[] {1.5f, Float.NaN, -0f}, (float[]) t.column("f").array());
        assertArrayEquals(new double[] {Math.PI, -1e300, 0.1}, (double[]) t.column("d").array());
        assertArrayEquals(new String[] {"a", "", "grüße,\"x\""}, (String[]) t.column("s").array());
    }

    @Test
    void rawPayloadIsPassedThroughWithoutCopy() {
        byte[] payload = {1, 2, 3, 4, 5};
        Frame f = Frame.ofRaw("data.cam.img", "cam", 1, 2, 3, "image/x-raw", payload);
        assertSame(payload, FrameCodec.encodePayload(f));
        Frame back = FrameCodec.decode(FrameCodec.encodeTopic(f), FrameCodec.encodeHeader(f), payload);
        assertEquals("image/x-raw", back.contentType());
        assertArrayEquals(payload, back.raw());
        assertEquals("", back.origin());
    }

    @Test
    void headerBytesMatchTheDocumentedLayout() {
        Frame f = Frame.ofRaw("t", "ab", 1, 2, 3, "x/y", new byte[0]);
        byte[] h = FrameCodec.encodeHeader(f);
        // magic(4) + seq/ts/run (24) + "ab"(2+2) + "x/y"(2+3) + origin ""(2)
        assertEquals(4 + 24 + 4 + 5 + 2, h.length);
        assertEquals('D', h[0]);
        assertEquals('Q', h[1]);
        assertEquals('H', h[2]);
        assertEquals('1', h[3]);
        assertEquals(1, h[4]); // sequence, little-endian
        assertEquals(2, h[12]);
        assertEquals(3, h[20]);
    }

    @Test
    void badMagicNamesTheField() {
        Frame f = Frame.ofRaw("t", "s", 1, 2, 3, null, new byte[1]);
        byte[] h = FrameCodec.encodeHeader(f);
        h[0] = 'X';
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameCodec.decode(FrameCodec.encodeTopic(f), h, new byte[1]));
        assertTrue(e.getMessage().startsWith("header.magic"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() {
        Frame f = Frame.ofRaw("t", "source", 1, 2, 3, null, new byte[1]);
        byte[] h = Arrays.copyOf(FrameCodec.encodeHeader(f), 30);
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> FrameCodec.decode(FrameCodec.encodeTopic(f), h, new byte[1]));
        assertTrue(e.getMessage().startsWith("header"), e.getMessage());
    }

    @Test
    void truncatedTableNamesTheColumn() {
        byte[] p = FrameCodec.encodeTable(sampleTable());
        byte[] cut = Arrays.copyOf(p, p.length - 40);
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> FrameCodec.decodeTable(cut));
        assertTrue(e.getMessage().contains("table"), e.getMessage());
    }

    @Test
    void unequalColumnsAreRejected() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> Table.builder().addInt32("a", new int[2]).addInt32("b", new int[3]));
        assertTrue(e.getMessage().startsWith("column b"), e.getMessage());
    }

    @Test
    void emptyTopicIsRejected() {
        assertThrows(FrameFormatException.class, () -> FrameCodec.decode(new byte[0], new byte[40], new byte[0]));
    }
}
