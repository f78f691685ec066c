package org.daqhub.driver.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.SplittableRandom;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverCommands;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.daqhub.api.driver.Pacer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated detector. Tabular frames carry {@code sample} (running row counter), {@code time_ns} and one
 * float64 column per name in {@code columns} (a sine plus noise); raw frames carry {@code frame.size} bytes
 * whose first 8 are the frame's sequence number (little-endian), so a consumer can check for loss.
 */
@Component(name = "org.daqhub.driver.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = SimulatorConfig.class, factory = true)
public class SimulatorDriver implements Driver, DriverCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorDriver.class);

    private SimulatorSettings settings;
    /** A rate an operator set while it runs ({@code daqhub:send demo rate=20}); NaN: the configured one. */
    private volatile double rateOverride = Double.NaN;

    public SimulatorDriver() {
    }

    SimulatorDriver(SimulatorSettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            settings = SimulatorSettings.read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub driver org.daqhub.driver.simulator, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    @Override
    public void run(DriverContext ctx) throws Exception {
        SimulatorSettings s = settings;
        ctx.runNumber(s.runNumber());
        FramePublisher pub = ctx.publisher(s.stream());
        SplittableRandom random = new SplittableRandom();
        Pacer pacer = new Pacer(s.rate());
        long sample = pub.nextSequence() * s.rows();
        long published = 0;
        while (!ctx.stopping()) {
            if (s.failAfterFrames() > 0 && published >= s.failAfterFrames()) {
                throw new IllegalStateException("simulated failure after " + published + " frames (fail.after.frames)");
            }
            if (s.raw()) {
                byte[] block = new byte[s.frameSize()];
                ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putLong(pub.nextSequence());
                pub.publish(block, "application/octet-stream");
            } else {
                pub.publish(table(s, sample, random));
                sample += s.rows();
            }
            published++;
            pacer.rate(Double.isNaN(rateOverride) ? s.rate() : rateOverride);
            pacer.await();
        }
    }

    /** Takes {@code rate} (frames per second, 0 = as fast as it can) until the next start of the instance. */
    @Override
    public String command(Map<String, String> command) {
        for (String key : command.keySet()) {
            if (!key.equals("rate")) {
                throw new IllegalArgumentException("unknown key " + key + "; the simulator takes rate");
            }
        }
        String value = command.get("rate");
        if (value == null) {
            throw new IllegalArgumentException("rate is needed (frames per second)");
        }
        double r;
        try {
            r = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate: '" + value + "' is not a number");
        }
        if (!(r >= 0) || r > 1e6) {
            throw new IllegalArgumentException("rate: " + value + " is not between 0 and 1000000");
        }
        rateOverride = r;
        return "rate " + value + " frames/s (was " + settings.rate() + " in its cfg; until the instance starts again)";
    }

    static Table table(SimulatorSettings s, long firstSample, SplittableRandom random) {
        int n = s.rows();
        long[] samples = new long[n];
        long[] times = new long[n];
        long now = Frame.epochNanosNow();
        for (int i = 0; i < n; i++) {
            samples[i] = firstSample + i;
            times[i] = now;
        }
        Table.Builder b = Table.builder().addInt64("sample", samples).addInt64("time_ns", times);
        int k = 0;
        for (String c : s.columns()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = Math.sin((firstSample + i) * 0.01 + k) + random.nextGaussian() * 0.05;
            }
            b.addFloat64(c, v);
            k++;
        }
        return b.build();
    }
}
