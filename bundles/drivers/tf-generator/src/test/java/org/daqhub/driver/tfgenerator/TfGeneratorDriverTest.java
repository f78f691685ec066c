package org.daqhub.driver.tfgenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.junit.jupiter.api.Test;

class TfGeneratorDriverTest {
    /** Records both streams; stops once end_run was published. */
    static final class Recorder implements DriverContext {
        final List<String> states = new ArrayList<>();
        final List<Table> stfs = new ArrayList<>();
        long run;

        @Override public String instance() { return "tb"; }
        @Override public boolean stopping() { return states.contains("end_run"); }
        @Override public void heartbeat() { }
        @Override public void runNumber(long runNumber) { run = runNumber; }

        @Override
        public FramePublisher publisher(String stream) {
            return new FramePublisher() {
                @Override public String topic() { return "data.tb." + stream; }
                @Override public void publish(byte[] payload, String contentType) { throw new AssertionError(); }
                @Override public long nextSequence() { return 0; }

                @Override
                public void publish(Table table) {
                    if (stream.equals("daq")) {
                        states.add(table.column("msg_type").getString(0));
                    } else {
                        stfs.add(table);
                    }
                }
            };
        }
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.driver.tfgenerator~tb");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void playsTheDaqStateMachineWithStfFilesDuringPhysics() throws Exception {
        TfGeneratorDriver d = new TfGeneratorDriver();
        d.activate(props("stf.interval.s", "0.02", "physics.period.s", "0.1", "physics.periods", "2", "runs", "1",
                "first.run.number", "321", "tf.files.per.stf", "5"));
        Recorder r = new Recorder();
        d.run(r);
        assertEquals(321, r.run);
        assertEquals("run_imminent", r.states.get(0));
        assertEquals("start_run", r.states.get(1));
        assertEquals("end_run", r.states.get(r.states.size() - 1));
        int pause = r.states.indexOf("pause_run");
        assertTrue(pause > 2 && r.states.get(pause + 1).equals("resume_run"), r.states.toString());
        long stfGen = r.states.stream().filter("stf_gen"::equals).count();
        assertEquals(stfGen, r.stfs.size());
        assertTrue(stfGen >= 4, r.states.toString());
        HashSet<String> urls = new HashSet<>();
        for (Table t : r.stfs) {
            urls.add(t.column("file_url").getString(0));
            assertEquals(321, t.column("run_number").getLong(0));
            assertEquals(5, t.column("tf_files_per_stf").getLong(0));
        }
        assertEquals(r.stfs.size(), urls.size());
        assertTrue(r.stfs.get(0).column("file_url").getString(0).endsWith("/run_321/stf_321_000001.stf"));
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertEquals("tf.size.fraction", assertThrows(InvalidConfigException.class,
                () -> TfGeneratorDriver.read(props("tf.size.fraction", "2"))).key());
        assertEquals("stf.interval.s", assertThrows(InvalidConfigException.class,
                () -> TfGeneratorDriver.read(props("stf.interval.s", "abc"))).key());
    }
}
