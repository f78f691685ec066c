package org.daqhub.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.metatype.MetatypeCheck;
import org.junit.jupiter.api.Test;

/** The alert rules over samples of instance counters: each alert fires once and resolves once. */
class AlertRulesTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    final AlertRules rules = new AlertRules("n1", new AlertRules.Limits(Set.of("driver", "store"), 3, 600, 1, 60));
    final AlertRules.CounterRule stalled = new AlertRules.CounterRule("stalled", Set.of("driver"),
            Matchers.parse(Map.of("instance", "*")), "frames", 60, true, "warning");

    static InstanceStatus driver(String name, String state, long frames, long restarts, long dropped) {
        return new InstanceStatus("driver", name, "sim", state, frames, 0, 0, 0, restarts, dropped, 0, 0, "boom", 0, 0, 0);
    }

    static InstanceStatus store(String name, long spooled, Map<String, Long> counters) {
        return new InstanceStatus("store", name, "csv", "RUNNING", 0, 0, 0, 0, 0, 0, spooled, 0, "", 0, 0, 0, counters);
    }

    List<String> at(int seconds, AlertRules.CounterRule rule, InstanceStatus... s) {
        return rules.evaluate(List.of(s), rule == null ? List.of() : List.of(rule), T0.plusSeconds(seconds), true).stream()
                .map(c -> (c.firing() ? "firing " : "resolved ") + c.alertId() + ": " + c.subject()).toList();
    }

    @Test
    void aDriverWhoseFramesStopFiresOnceAndIsAliveAgainWhenTheyMove() {
        assertEquals(List.of(), at(0, stalled, driver("demo", "RUNNING", 10, 0, 0)));
        assertEquals(List.of(), at(59, stalled, driver("demo", "RUNNING", 10, 0, 0)));
        assertEquals(List.of("firing n1/stalled/driver/demo: driver demo stalled"), at(61, stalled, driver("demo", "RUNNING", 10, 0, 0)));
        assertEquals(List.of(), at(90, stalled, driver("demo", "RUNNING", 10, 0, 0)), "once");
        assertEquals(1, rules.active().size());
        assertEquals(List.of("resolved n1/stalled/driver/demo: driver demo alive again"), at(91, stalled, driver("demo", "RUNNING", 11, 0, 0)));
        assertEquals(List.of(), rules.active());
    }

    @Test
    void aStoppedDriverIsNotStalled() {
        at(0, stalled, driver("demo", "STOPPED", 10, 0, 0));
        assertEquals(List.of(), at(120, stalled, driver("demo", "STOPPED", 10, 0, 0)));
        assertEquals(List.of(), at(150, stalled, driver("demo", "RUNNING", 10, 0, 0)), "its window starts when it runs");
        assertEquals(1, at(211, stalled, driver("demo", "RUNNING", 10, 0, 0)).size());
    }

    @Test
    void restartsBeyondTheLimitInTheWindowAreCriticalUntilTheyAgeOut() {
        at(0, null, driver("d", "RUNNING", 0, 0, 0));
        assertEquals(List.of(), at(10, null, driver("d", "BACKOFF", 0, 2, 0)));
        List<String> fired = at(20, null, driver("d", "BACKOFF", 0, 3, 0));
        assertEquals(List.of("firing n1/restarts/driver/d: driver d keeps restarting"), fired);
        assertEquals("critical", rules.active().get(0).severity());
        assertEquals(List.of(), at(300, null, driver("d", "RUNNING", 0, 3, 0)));
        assertEquals(List.of("resolved n1/restarts/driver/d: driver d has stopped restarting"), at(615, null, driver("d", "RUNNING", 0, 3, 0)));
    }

    @Test
    void aSpoolingStoreAndDroppedFramesFireAndResolve() {
        assertEquals(List.of("firing n1/spooling/store/csv: store csv is spooling"), at(0, null, store("csv", 5, Map.of())));
        assertEquals(List.of(), at(1, null, store("csv", 2, Map.of())), "still draining");
        assertEquals(List.of("resolved n1/spooling/store/csv: store csv has drained its spool"), at(2, null, store("csv", 0, Map.of())));

        at(0, null, driver("d", "RUNNING", 0, 0, 0));
        assertEquals(List.of("firing n1/drops/driver/d: driver d dropped frames"), at(5, null, driver("d", "RUNNING", 0, 0, 4)));
        assertEquals(List.of(), at(30, null, driver("d", "RUNNING", 0, 0, 9)), "more drops: the same alert");
        assertEquals(List.of("resolved n1/drops/driver/d: driver d has dropped nothing for 60 s"), at(91, null, driver("d", "RUNNING", 0, 0, 9)));
    }

    @Test
    void aMovingRuleOnAFurtherCounterAndAnInstanceThatGoesAway() {
        AlertRules.CounterRule gaps = ConfiguredAlertRule.read(Map.of("service.pid", "org.daqhub.alerts.rule~gaps", "kinds", "store",
                "counter", "gaps", "when", "moving", "seconds", "30", "severity", "critical"));
        assertEquals(List.of(), at(0, gaps, store("csv", 0, Map.of("gaps", 0L))));
        assertEquals(List.of(), at(3, gaps, store("csv", 0, Map.of("gaps", 0L))));
        assertEquals(List.of("firing n1/gaps/store/csv: store csv: gaps is moving"), at(5, gaps, store("csv", 0, Map.of("gaps", 2L))));
        assertEquals("critical", rules.active().get(0).severity());
        assertEquals(List.of(), at(6, gaps), "missing once: a source may bind late");
        assertEquals(List.of(), at(7, gaps));
        List<AlertRules.Change> gone = rules.evaluate(List.of(), List.of(gaps), T0.plusSeconds(8), true);
        assertEquals("store csv is gone", gone.get(0).subject());
        assertEquals("critical", gone.get(0).severity(), "a resolve keeps the firing's severity, so it takes the same routes");
    }

    @Test
    void aCounterResetIsNoMovementAndAFailedSourceIsNotGone() {
        AlertRules.CounterRule gaps = ConfiguredAlertRule.read(Map.of("service.pid", "org.daqhub.alerts.rule~gaps", "kinds", "store",
                "counter", "gaps", "when", "moving", "seconds", "30"));
        at(0, gaps, store("csv", 0, Map.of("gaps", 7L)));
        assertEquals(List.of(), at(5, gaps, store("csv", 0, Map.of("gaps", 0L))), "the store restarted: its counter began again");
        at(10, gaps, store("csv", 0, Map.of("gaps", 3L)));
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), rules.evaluate(List.of(), List.of(gaps), T0.plusSeconds(11 + i), false), "the source failed");
        }
        assertEquals(1, rules.active().size());
    }

    @Test
    void kindsOutsideTheListAreNotWatchedByTheBuiltInRules() {
        InstanceStatus channel = new InstanceStatus("channel", "ops", "webhook", "RUNNING", 0, 0, 0, 0, 9, 9, 50, 0, "", 0, 0, 0);
        assertEquals(List.of(), at(0, null, channel));
        assertEquals(List.of(), at(5, null, new InstanceStatus("channel", "ops", "webhook", "RUNNING", 0, 0, 0, 0, 20, 30, 80, 0,
                "", 0, 0, 0)));
    }

    @Test
    void ruleMistakesNameTheirKeyAndTheMetatypesDeclareWhatIsRead() throws Exception {
        assertEquals("service.pid", org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> ConfiguredAlertRule.read(Map.of("service.pid", "org.daqhub.alerts.rule~stalled"))).key(), "a built-in's name");
        assertEquals("when", org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, () -> ConfiguredAlertRule.read(
                Map.of("service.pid", "org.daqhub.alerts.rule~x", "when", "sometimes"))).key());
        Set<String> read = new TreeSet<>();
        ConfiguredAlertRule.read(MetatypeCheck.recording(read, Map.of("service.pid", "org.daqhub.alerts.rule~x")));
        assertEquals(new TreeSet<>(MetatypeCheck.metatype(AlertRuleConfig.class).keySet()), read);
        Set<String> platform = new TreeSet<>();
        try (OutboxHarness h = new OutboxHarness()) {
            new PlatformAlerts(h.outbox(), MetatypeCheck.recording(platform, Map.of())).deactivate();
        }
        assertEquals(new TreeSet<>(MetatypeCheck.metatype(AlertsConfig.class).keySet()), platform);
        assertTrue(platform.contains("stalled.s"));
    }
}
