package org.daqhub.api.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;

/**
 * Exactly-once for stores with transactions, at the cost of one small row per source: a store writes, in the
 * same transaction as each batch, the last sequence number of each (topic, source) in it. After a failed write
 * (its COMMIT may have reached the server) or at start, it reads those numbers back once and leaves out the
 * frames they already cover. No index over the data rows and no lookup on the happy path.
 *
 * <p>A frame is taken as committed if its number is at or below the mark and the mark is within the numbers of
 * the batch: a mark above every number of the batch means the source started its sequence again (a client of
 * the bus's TCP endpoint restarted), not that the batch was stored, because a store gets each source's frames
 * in order.
 */
public final class CommitWatermarks {
    private CommitWatermarks() {
    }

    /** A source's stream: the topic and the producing instance. */
    public record Source(String topic, String source) {
    }

    /** The last sequence number of each source in the batch, in order of first appearance. */
    public static Map<Source, Long> last(List<Frame> batch) {
        Map<Source, Long> out = new LinkedHashMap<>();
        Source previous = null;
        for (Frame f : batch) {
            Source s = previous != null && previous.topic().equals(f.topic()) && previous.source().equals(f.source())
                    ? previous : new Source(f.topic(), f.source());
            out.put(s, f.sequence());
            previous = s;
        }
        return out;
    }

    /**
     * Reads a store's marks with {@code select}, a query taking the store instance as its one parameter and
     * answering (topic, source, last_seq) rows.
     */
    public static Map<Source, Long> read(java.sql.Connection c, String select, String store) throws java.sql.SQLException {
        Map<Source, Long> out = new java.util.HashMap<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, store);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new Source(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** Writes the batch's marks with {@code upsert}, a statement taking (store, topic, source, last_seq). */
    public static void write(java.sql.PreparedStatement upsert, String store, Map<Source, Long> last) throws java.sql.SQLException {
        for (Map.Entry<Source, Long> e : last.entrySet()) {
            upsert.setString(1, store);
            upsert.setString(2, e.getKey().topic());
            upsert.setString(3, e.getKey().source());
            upsert.setLong(4, e.getValue());
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    /** The run without the frames that {@code committed} (marks read back from the store) already covers. */
    public static RowLayout.Run uncommitted(RowLayout.Run run, Map<Source, Long> committed) {
        if (committed.isEmpty()) {
            return run;
        }
        Map<Source, Long> highest = new LinkedHashMap<>();
        for (Frame f : run.frames()) {
            highest.merge(new Source(f.topic(), f.source()), f.sequence(), Math::max);
        }
        List<Frame> rest = new ArrayList<>(run.frames().size());
        for (Frame f : run.frames()) {
            Source s = new Source(f.topic(), f.source());
            Long mark = committed.get(s);
            boolean covered = mark != null && mark <= highest.get(s) && f.sequence() <= mark;
            if (!covered) {
                rest.add(f);
            }
        }
        return rest.size() == run.frames().size() ? run : new RowLayout.Run(run.table(), run.columns(), rest);
    }
}
