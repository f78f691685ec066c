package org.daqhub.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.junit.jupiter.api.Test;

class CommitWatermarksTest {
    private static Frame frame(String topic, String source, long seq) {
        return Frame.ofRaw(topic, source, seq, 0, 0, null, new byte[1]);
    }

    private static RowLayout.Run run(Frame... frames) {
        return new RowLayout.Run("t", Map.of(), List.of(frames));
    }

    private static List<Long> seqs(RowLayout.Run run) {
        List<Long> out = new ArrayList<>();
        run.frames().forEach(f -> out.add(f.sequence()));
        return out;
    }

    @Test
    void theLastNumberOfEachSourceIsMarked() {
        Map<CommitWatermarks.Source, Long> last = CommitWatermarks.last(List.of(frame("a", "x", 5), frame("a", "x", 6),
                frame("b", "x", 1), frame("a", "y", 9), frame("a", "x", 7)));
        assertEquals(Map.of(new CommitWatermarks.Source("a", "x"), 7L, new CommitWatermarks.Source("b", "x"), 1L,
                new CommitWatermarks.Source("a", "y"), 9L), last);
    }

    @Test
    void aRetriedBatchLeavesOutWhatTheMarksCover() {
        RowLayout.Run r = run(frame("a", "x", 10), frame("a", "x", 11), frame("a", "x", 12), frame("a", "y", 3));
        Map<CommitWatermarks.Source, Long> marks = Map.of(new CommitWatermarks.Source("a", "x"), 11L);
        assertEquals(List.of(12L, 3L), seqs(CommitWatermarks.uncommitted(r, marks)));
        assertEquals(List.of(), seqs(CommitWatermarks.uncommitted(r, Map.of(new CommitWatermarks.Source("a", "x"), 12L,
                new CommitWatermarks.Source("a", "y"), 3L))), "a whole batch that was committed");
    }

    @Test
    void aMarkAboveTheBatchMeansTheSourceStartedAgainNotThatItWasStored() {
        RowLayout.Run r = run(frame("a", "x", 0), frame("a", "x", 1));
        assertEquals(List.of(0L, 1L), seqs(CommitWatermarks.uncommitted(r, Map.of(new CommitWatermarks.Source("a", "x"), 50_000L))));
    }
}
