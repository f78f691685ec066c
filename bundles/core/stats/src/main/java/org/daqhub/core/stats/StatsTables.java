package org.daqhub.core.stats;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.Table;
import org.daqhub.api.runtime.InstanceStatus;

/**
 * Snapshots as ENRGDAQ's statistics tables: one row per instance with its state, in/out counts and bytes (a store
 * takes frames in, a driver puts them out), queue, spool, drops, restarts, rate and latency, and when the counts and
 * the restarts last moved (remembered between snapshots, so to the interval's precision); and one row per bus link
 * with what crossed it. Not thread-safe: one per publisher.
 */
final class StatsTables {
    private static final Set<String> NOT_ALIVE = Set.of("STOPPED", "FINISHED", "INVALID", "BACKOFF", "HUNG", "FAILED");
    private record Seen(long frames, long restarts, String lastMoved, String lastRestart) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    Table instances(String node, List<InstanceStatus> all, Instant now) {
        int n = all.size();
        String[] supervisor = new String[n], job = new String[n], kind = new String[n], type = new String[n],
                state = new String[n], lastIn = new String[n], lastOut = new String[n], lastRestart = new String[n];
        int[] alive = new int[n], queue = new int[n];
        long[] inCount = new long[n], inBytes = new long[n], outCount = new long[n], outBytes = new long[n],
                spooled = new long[n], dropped = new long[n], restarts = new long[n];
        double[] fps = new double[n], p95 = new double[n], p99 = new double[n];
        for (int i = 0; i < n; i++) {
            InstanceStatus s = all.get(i);
            String key = s.kind() + "/" + s.instance();
            Seen before = seen.get(key);
            String moved = before == null ? "" : s.frames() != before.frames() ? now.toString() : before.lastMoved();
            String restarted = before == null ? "" : s.restarts() != before.restarts() ? now.toString() : before.lastRestart();
            seen.put(key, new Seen(s.frames(), s.restarts(), moved, restarted));
            boolean in = !s.kind().equals("driver"); // stores, integrations, channels take frames (or events) in
            supervisor[i] = node;
            job[i] = s.instance();
            kind[i] = s.kind();
            type[i] = s.type() == null ? "" : s.type();
            state[i] = s.state();
            alive[i] = NOT_ALIVE.contains(s.state()) ? 0 : 1;
            inCount[i] = in ? s.frames() : 0;
            inBytes[i] = in ? s.bytes() : 0;
            outCount[i] = in ? 0 : s.frames();
            outBytes[i] = in ? 0 : s.bytes();
            lastIn[i] = in ? moved : "";
            lastOut[i] = in ? "" : moved;
            queue[i] = s.queueDepth();
            spooled[i] = s.spooled();
            dropped[i] = s.dropped();
            restarts[i] = s.restarts();
            lastRestart[i] = restarted;
            fps[i] = s.framesPerSecond();
            p95[i] = s.p95Millis();
            p99[i] = s.p99Millis();
        }
        return Table.builder().addString("supervisor", supervisor).addString("daq_job", job).addString("kind", kind)
                .addString("type", type).addString("state", state).addInt32("is_alive", alive)
                .addString("last_in_date", lastIn).addString("last_out_date", lastOut).addInt64("in_count", inCount)
                .addInt64("in_bytes", inBytes).addInt64("out_count", outCount).addInt64("out_bytes", outBytes)
                .addInt32("queue_size", queue).addInt64("spooled", spooled).addInt64("dropped", dropped)
                .addInt64("restart_count", restarts).addString("last_restart_date", lastRestart)
                .addFloat64("frames_per_s", fps).addFloat64("latency_p95_ms", p95).addFloat64("latency_p99_ms", p99)
                .build();
    }

    /** ENRGDAQ's stats_remote: per bus link of this node, the frames and MB that came in and went out. */
    static Table remote(String node, List<InstanceStatus> links) {
        int n = links.size();
        String[] supervisor = new String[n], link = new String[n];
        long[] inCount = new long[n], outCount = new long[n];
        double[] inMb = new double[n], outMb = new double[n];
        for (int i = 0; i < n; i++) {
            InstanceStatus s = links.get(i);
            boolean in = s.instance().endsWith("-in"); // tcp-in receives from other nodes, tcp-out sends
            supervisor[i] = node;
            link[i] = s.instance();
            inCount[i] = in ? s.frames() : 0;
            inMb[i] = in ? s.bytes() / 1e6 : 0;
            outCount[i] = in ? 0 : s.frames();
            outMb[i] = in ? 0 : s.bytes() / 1e6;
        }
        return Table.builder().addString("supervisor", supervisor).addString("link", link).addInt64("in_count", inCount)
                .addFloat64("in_mb", inMb).addInt64("out_count", outCount).addFloat64("out_mb", outMb).build();
    }
}
