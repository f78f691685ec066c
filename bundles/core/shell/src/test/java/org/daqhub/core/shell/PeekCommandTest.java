package org.daqhub.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.junit.jupiter.api.Test;

class PeekCommandTest {
    @Test
    void aTableFrameShowsItsHeaderAndItsFirstRowsAligned() {
        Table t = Table.builder().addInt64("sample", new long[] {1, 2, 3}).addFloat64("value", new double[] {0.5, -12.25, 3})
                .addString("tag", new String[] {"a", "bb", "c"}).build();
        String out = PeekCommand.render(Frame.ofTable("data.demo.adc", "demo", 7, 1_700_000_000_123_000_000L, 4, t), 2);
        assertEquals("""
                #7  2023-11-14T22:13:20.123Z  run 4  from demo  3 rows
                  sample | value  | tag
                  1      | 0.5    | a \s
                  2      | -12.25 | bb\s
                  ... 1 more rows (-r)
                """, out);
    }

    @Test
    void aRawFrameShowsItsSizeAndFirstBytes() {
        byte[] b = new byte[40];
        b[0] = (byte) 0xab;
        String out = PeekCommand.render(Frame.ofRaw("data.d.raw", "d", 1, 0, 0, Frame.OCTETS, b), 5);
        assertEquals("#1  1970-01-01T00:00:00Z  run 0  from d  40 B application/octet-stream\n  ab "
                + "00 ".repeat(30) + "00 ...\n", out);
    }
}
