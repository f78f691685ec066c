package org.daqhub.driver.tfgenerator;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;

import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Testbed DAQ (swf-testbed daq_state_machine): for each run, run_imminent → start_run → physics periods of
 * stf_gen every {@code stf.interval.s}, with pause_run/resume_run between periods → end_run. State messages go
 * to stream {@code daq}, simulated STF files to stream {@code stf}; fast monitoring registers and distributes them.
 */
@Component(name = "org.daqhub.driver.tfgenerator", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = TfGeneratorConfig.class, factory = true)
public class TfGeneratorDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(TfGeneratorDriver.class);

    record Config(long stfIntervalMillis, long periodMillis, int periods, int runs, long firstRun, int tfFilesPerStf,
            double tfSizeFraction, long stfSize, String baseUrl) {
    }

    private Config config;
    private final Random random = new Random();

    public TfGeneratorDriver() {
    }

    TfGeneratorDriver(Config config) {
        this.config = config;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            config = read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub driver org.daqhub.driver.tfgenerator, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    static Config read(Map<String, Object> props) {
        Settings s = Settings.of(props);
        double fraction = s.number("tf.size.fraction", 0.15, 0);
        if (fraction > 1) {
            throw new InvalidConfigException(s.instance(), "tf.size.fraction", fraction, "must be between 0 and 1");
        }
        return new Config((long) (1000 * s.number("stf.interval.s", 2.0, 0.001)),
                (long) (1000 * s.number("physics.period.s", 10, 0.001)), s.intValue("physics.periods", 2, 1),
                s.intValue("runs", 0, 0), s.integer("first.run.number", 0, 0), s.intValue("tf.files.per.stf", 7, 1),
                fraction, s.integer("stf.size.bytes", 1_000_000_000L, 0), s.string("base.url", "file:///daq/stf"));
    }

    @Override
    public void run(DriverContext ctx) throws Exception {
        Config c = config;
        FramePublisher daq = ctx.publisher("daq");
        FramePublisher stf = ctx.publisher("stf");
        long run = c.firstRun() > 0 ? c.firstRun()
                : Long.parseLong(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyMMddHHmm")));
        for (int played = 0; c.runs() == 0 || played < c.runs(); played++, run++) {
            ctx.runNumber(run);
            state(daq, "run_imminent", run, "standby", "");
            if (!sleep(ctx, c.stfIntervalMillis())) {
                return;
            }
            state(daq, "start_run", run, "physics", "");
            long sequence = 0;
            for (int period = 0; period < c.periods(); period++) {
                if (period > 0) {
                    state(daq, "pause_run", run, "standby", "");
                    if (!sleep(ctx, c.stfIntervalMillis())) {
                        return;
                    }
                    state(daq, "resume_run", run, "physics", "");
                }
                long end = System.currentTimeMillis() + c.periodMillis();
                while (System.currentTimeMillis() < end) {
                    sequence++;
                    stf.publish(stfRow(c, run, sequence, period));
                    state(daq, "stf_gen", run, "physics", String.format("stf_%d_%06d.stf", run, sequence));
                    if (!sleep(ctx, c.stfIntervalMillis())) {
                        return;
                    }
                }
            }
            state(daq, "end_run", run, "standby", "");
            LOG.info("tf-generator {}: run {} ended after {} STF files", ctx.instance(), run, sequence);
        }
        while (!ctx.stopping()) { // all runs played: stay alive, idle
            sleep(ctx, 500);
        }
    }

    private Table stfRow(Config c, long run, long sequence, int period) {
        String name = String.format("stf_%d_%06d.stf", run, sequence);
        long size = Math.max(0, Math.round(c.stfSize() * (1 + 0.05 * random.nextGaussian())));
        return Table.builder()
                .addString("file_url", new String[] { c.baseUrl() + "/run_" + run + "/" + name })
                .addInt64("run_number", new long[] { run })
                .addInt64("file_size_bytes", new long[] { size })
                .addString("machine_state", new String[] { "physics" })
                .addString("stf_identifier", new String[] { name })
                .addInt64("creation_time", new long[] { System.currentTimeMillis() })
                .addString("metadata", new String[] { "{\"sequence\":" + sequence + ",\"physics_period\":" + (period + 1)
                        + ",\"simulation\":true}" })
                .addInt32("tf_files_per_stf", new int[] { c.tfFilesPerStf() })
                .addFloat64("tf_size_fraction", new double[] { c.tfSizeFraction() })
                .build();
    }

    private static void state(FramePublisher daq, String type, long run, String state, String filename)
            throws InterruptedException {
        daq.publish(Table.builder().addString("msg_type", new String[] { type }).addInt64("run_number", new long[] { run })
                .addString("state", new String[] { state }).addString("filename", new String[] { filename }).build());
    }

    /** Sleeps, beating the watchdog; false when the driver is being stopped. */
    private static boolean sleep(DriverContext ctx, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            if (ctx.stopping()) {
                return false;
            }
            ctx.heartbeat();
            Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
        }
        return !ctx.stopping();
    }
}
