package org.daqhub.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.junit.jupiter.api.Test;

class RowLayoutTest {
    private static Frame t(String topic, long seq, String... cols) {
        Table.Builder b = Table.builder();
        for (String c : cols) {
            b.addInt32(c, new int[] {1});
        }
        return Frame.ofTable(topic, "s", seq, 0, 0, b.build());
    }

    @Test
    void runsSplitOnTableOrColumnChangeAndKeepOrder() {
        List<RowLayout.Run> runs = RowLayout.runs("{topic}", List.of(t("data.a", 0, "x"), t("data.a", 1, "x"), t("data.b", 2, "x"),
                t("data.b", 3, "x", "y"), Frame.ofRaw("data.b", "s", 4, 0, 0, null, new byte[1]), t("data.a", 5, "x")));
        assertEquals(List.of("data_a", "data_b", "data_b", "data_b", "data_a"), runs.stream().map(RowLayout.Run::table).toList());
        assertEquals(List.of(2, 1, 1, 1, 1), runs.stream().map(r -> r.frames().size()).toList());
        assertEquals(List.of("seq", "timestamp_ns", "run_number", "source", "x", "y"), List.copyOf(runs.get(2).columns().keySet()));
        assertEquals(List.of("seq", "timestamp_ns", "run_number", "source", "content_type", "payload"),
                List.copyOf(runs.get(3).columns().keySet()));
        assertEquals(0, RowLayout.runs("{topic}", List.of()).size());
    }

    @Test
    void identifiersAreSqlSafe() {
        assertEquals("data_det1_adc", RowLayout.identifier("data.det1.adc"));
        assertEquals("t_1abc", RowLayout.identifier("1abc"));
        assertEquals("value_a", RowLayout.identifier("Value A"));
    }
}
