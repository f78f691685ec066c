package org.daqhub.driver.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.junit.jupiter.api.Test;

class SimulatorDriverTest {

    /** Collects what the driver publishes and stops it after {@code max} frames. */
    static final class Recorder implements DriverContext, FramePublisher {
        final List<Object> frames = new ArrayList<>();
        final int max;
        long run;

        Recorder(int max) {
            this.max = max;
        }

        @Override public String instance() { return "sim"; }
        @Override public FramePublisher publisher(String stream) { return this; }
        @Override public boolean stopping() { return frames.size() >= max; }
        @Override public void heartbeat() { }
        @Override public void runNumber(long runNumber) { run = runNumber; }
        @Override public String topic() { return "data.sim.adc"; }
        @Override public void publish(Table table) { frames.add(table); }
        @Override public void publish(byte[] payload, String contentType) { frames.add(payload); }
        @Override public long nextSequence() { return frames.size(); }
    }

    private static SimulatorSettings settings(Object... kv) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("service.pid", "org.daqhub.driver.simulator~sim");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return SimulatorSettings.read(m);
    }

    @Test
    void tabularFramesHaveConsecutiveSamplesAndTheConfiguredColumns() throws Exception {
        Recorder r = new Recorder(3);
        new SimulatorDriver(settings("rate", "0", "rows", "4", "columns", "a,b", "run.number", "12")).run(r);
        assertEquals(3, r.frames.size());
        assertEquals(12, r.run);
        long expected = 0;
        for (Object o : r.frames) {
            Table t = (Table) o;
            assertEquals(List.of("sample", "time_ns", "a", "b"), t.columns().stream().map(c -> c.name()).toList());
            for (int i = 0; i < 4; i++) {
                assertEquals(expected++, t.column("sample").getLong(i));
            }
        }
    }

    @Test
    void rawFramesCarryTheirSequenceNumber() throws Exception {
        Recorder r = new Recorder(5);
        new SimulatorDriver(settings("rate", "0", "mode", "raw", "frame.size", "64")).run(r);
        for (int i = 0; i < 5; i++) {
            byte[] b = (byte[]) r.frames.get(i);
            assertEquals(64, b.length);
            assertEquals(i, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void rateIsHonoured() throws Exception {
        Recorder r = new Recorder(6);
        long t0 = System.nanoTime();
        new SimulatorDriver(settings("rate", "50")).run(r);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 0.09, "6 frames at 50/s must take at least 0.1 s, took " + seconds);
    }

    @Test
    void failAfterFramesThrows() {
        Recorder r = new Recorder(100);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SimulatorDriver(settings("rate", "0", "fail.after.frames", "3")).run(r));
        assertEquals(3, r.frames.size());
        assertTrue(e.getMessage().contains("fail.after.frames"));
    }

    @Test
    void badValuesNameKeyAndInstance() {
        assertEquals("instance 'sim': rate='abc' is not a number",
                assertThrows(InvalidConfigException.class, () -> settings("rate", "abc")).getMessage());
        assertEquals("instance 'sim': frame.size='-1' must be at least 8",
                assertThrows(InvalidConfigException.class, () -> settings("frame.size", "-1")).getMessage());
        assertThrows(InvalidConfigException.class, () -> settings("mode", "video"));
        assertThrows(InvalidConfigException.class, () -> settings("columns", "sample"));
    }

    /** daqhub:send demo rate=...: a rate set while it runs takes over from the cfg's; a bad command is refused. */
    @Test
    void aRateSentWhileRunningTakesOver() throws Exception {
        SimulatorDriver d = new SimulatorDriver(settings("rate", "1"));
        assertTrue(d.command(Map.of("rate", "0")).startsWith("rate 0 frames/s"));
        Recorder r = new Recorder(500);
        d.run(r); // at the cfg's 1/s this would take 500 s: the sent rate (0, as fast as it can) applies
        org.junit.jupiter.api.Assertions.assertEquals(500, r.frames.size());
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> d.command(Map.of("speed", "3")));
        assertTrue(unknown.getMessage().contains("speed"), unknown.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.command(Map.of("rate", "-1")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.command(Map.of("rate", "fast")));
    }
}
