package org.daqhub.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.junit.jupiter.api.Test;

/**
 * examples/read_frames.py, a plain pyzmq client following docs/wire-format.md, reads frames from a daqhub
 * bus. Needs Debian's python3-zmq; skipped (and reported as skipped) without it. .ci/run installs it and
 * fails if this test was skipped.
 */
class PythonReaderTest {
    private static final Path PYTHON = Paths.get("/usr/bin/python3");

    @Test
    void pyzmqClientDecodesTablesAndRawFrames() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import zmq").start().waitFor() == 0, "python3-zmq not installed");
        Path script = Paths.get("../../../examples/read_frames.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), script.toString());
        int pubPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pubPort = s.getLocalPort();
        }
        BusService bus = new BusService();
        bus.activate(Map.of("tcp.pub.port", String.valueOf(pubPort), "tcp.sub.port", String.valueOf(pubPort + 1 > 65535 ? pubPort - 1 : pubPort + 1)));
        Process py = new ProcessBuilder(PYTHON.toString(), script.toString(), "--endpoint", "tcp://127.0.0.1:" + pubPort, "--prefix",
                "data.py.", "--count", "20", "--timeout", "20").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (Exception e) {
                // process ended
            }
        });
        reader.start();
        try {
            // publish until the subscriber has joined and read 20 frames (ZMQ slow joiner)
            for (int i = 0; py.isAlive() && i < 2000; i++) {
                Table t = Table.builder().addInt64("n", new long[] {i, i + 1}).addFloat64("v", new double[] {i * 1.5, -0.25})
                        .addString("s", new String[] {"grüße", "a,b"}).build();
                bus.publish(i % 2 == 0 ? Frame.ofTable("data.py.adc", "sim", i, 1_000_000_000L * i, 7, t)
                        : Frame.ofRaw("data.py.img", "cam", i, 0, 7, "image/x-test", new byte[i]));
                bus.publish(Frame.ofRaw("data.other.x", "o", i, 0, 0, null, new byte[1])); // not subscribed
                Thread.sleep(10);
            }
            assertTrue(py.waitFor(30, TimeUnit.SECONDS));
            reader.join(5000);
            assertEquals(0, py.exitValue());
        } finally {
            py.destroy();
            bus.deactivate();
        }
        assertEquals(20, lines.size(), String.join("\n", lines));
        for (String l : lines) {
            assertTrue(l.contains("\"topic\": \"data.py."), l);
            int seq = Integer.parseInt(l.replaceAll(".*\"seq\": (\\d+).*", "$1"));
            if (seq % 2 == 0) {
                assertTrue(l.contains("\"n\": [" + seq + ", " + (seq + 1) + "]"), l);
                assertTrue(l.contains("\"v\": [" + (seq * 1.5) + ", -0.25]"), l);
                assertTrue(l.contains("\"s\": [\"gr\\u00fc\\u00dfe\", \"a,b\"]"), l);
                assertTrue(l.contains("\"timestamp_ns\": " + (1_000_000_000L * seq)), l);
            } else {
                assertTrue(l.contains("\"bytes\": " + seq) && l.contains("\"content_type\": \"image/x-test\""), l);
            }
            assertTrue(l.contains("\"run\": 7"), l);
        }
    }
}
