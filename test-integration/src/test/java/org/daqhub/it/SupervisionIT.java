package org.daqhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daqhub.api.runtime.InstanceStatus;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Restarts with backoff, daqhub:status and daqhub:restart, and bad configuration, on the real distribution. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SupervisionIT extends DaqhubTestSupport {

    @Configuration
    public Option[] config() {
        String flaky = "etc/org.daqhub.driver.simulator-flaky.cfg";
        String bad = "etc/org.daqhub.driver.simulator-bad.cfg";
        String neg = "etc/org.daqhub.driver.simulator-neg.cfg";
        return baseOptions(
                // throws after 3 frames every time: restarted after 200, 400, 800... ms
                editConfigurationFilePut(flaky, "rate", "100"),
                editConfigurationFilePut(flaky, "fail.after.frames", "3"),
                editConfigurationFilePut(flaky, "backoff.initial.ms", "200"),
                editConfigurationFilePut(flaky, "backoff.factor", "2"),
                editConfigurationFilePut(flaky, "backoff.max.ms", "5000"),
                editConfigurationFilePut(bad, "rate", "abc"),
                editConfigurationFilePut(neg, "mode", "raw"),
                editConfigurationFilePut(neg, "frame.size", "-5"));
    }

    @Test
    public void a_failingInstanceIsRestartedWithGrowingDelaysAndStatusShowsIt() throws Exception {
        await("flaky restarted 3 times", 60000, () -> instance("driver", "flaky") != null && instance("driver", "flaky").restarts() >= 3);

        // the log states each delay; they must grow
        Matcher m = Pattern.compile("daqhub driver 'flaky': restart #(\\d+) in (\\d+) ms").matcher(karafLog());
        List<Long> delays = new ArrayList<>();
        while (m.find()) {
            delays.add(Long.parseLong(m.group(2)));
        }
        assertTrue("delays " + delays, delays.size() >= 3);
        assertEquals(List.of(200L, 400L, 800L), delays.subList(0, 3));

        String status = shell("daqhub:status");
        String row = status.lines().filter(l -> l.contains("flaky")).findFirst().orElseThrow(() -> new AssertionError(status));
        String[] cells = row.split("[│|]");
        long restarts = Long.parseLong(cells[6].trim());
        assertTrue(row, restarts >= 3);
        assertTrue(row, row.contains("simulated failure"));

        // the healthy demo instance next to it is untouched
        InstanceStatus demo = instance("driver", "demo");
        assertEquals("RUNNING", demo.state());
        assertEquals(0, demo.restarts());
    }

    @Test
    public void c_restartCommandRestartsTheNamedInstance() throws Exception {
        await("demo running", 60000, () -> instance("driver", "demo") != null && instance("driver", "demo").frames() > 0);
        String out = shell("daqhub:restart demo");
        assertTrue(out, out.contains("Restarting demo"));
        await("demo restarted once", 10000, () -> instance("driver", "demo").restarts() == 1);
        long frames = instance("driver", "demo").frames();
        await("demo producing again", 10000, () -> instance("driver", "demo").frames() > frames + 3);
        String missing = shell("daqhub:restart nosuch");
        assertTrue(missing, missing.contains("No instance named 'nosuch'"));
    }

    @Test
    public void b_badConfigNamesKeyAndInstanceAndOthersKeepRunning() throws Exception {
        await("demo running", 60000, () -> instance("driver", "demo") != null && instance("driver", "demo").frames() > 0);
        String log = await("errors logged", 30000, () -> {
            String l = karafLog();
            return l.contains("instance 'bad': rate='abc' is not a number") && l.contains("instance 'neg': frame.size='-5' must be at least 8")
                    ? l : null;
        });
        assertTrue(log.contains("ERROR"));
        // a driver whose component refused its cfg shows as INVALID with the key, like a store (issue 10)
        await("bad shown as INVALID", 30000, () -> instance("driver", "bad") != null ? "" : null);
        assertEquals("INVALID", instance("driver", "bad").state());
        assertTrue(instance("driver", "bad").lastError(), instance("driver", "bad").lastError().contains("rate='abc' is not a number"));
        assertEquals("INVALID", instance("driver", "neg").state());
        assertEquals("neg instance must not run", 0, instance("driver", "neg").frames());

        // a bad cfg dropped at run time: logged, not started, and the demo keeps producing
        long before = instance("driver", "demo").frames();
        dropConfig("org.daqhub.driver.simulator-late.cfg", "rate = -3\n");
        await("late error logged", 30000, () -> karafLog().contains("instance 'late': rate='-3' must be at least 0"));
        await("late shown as INVALID", 30000, () -> instance("driver", "late") != null ? "" : null);
        assertEquals("INVALID", instance("driver", "late").state());
        await("demo still producing", 10000, () -> instance("driver", "demo").frames() > before + 5);

        // a mistyped key: named with the key it probably meant (from the component's metatype); the instance runs
        dropConfig("org.daqhub.driver.simulator-typo.cfg", "rate = 5\nstreem = adc\n");
        await("typo running", 30000, () -> instance("driver", "typo") != null && instance("driver", "typo").frames() > 0);
        assertEquals("unknown key streem, did you mean stream?", instance("driver", "typo").lastError());
        assertTrue(karafLog().contains("daqhub driver 'typo': unknown key streem, did you mean stream?; ignored"));
        assertEquals("RUNNING", instance("driver", "demo").state());
    }
}
