package org.daqhub.worksets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.daqhub.testdb.TestDatabase;

/** The seed's scoring on a real PostgreSQL: cheap and near 60 % busy wins, full and foreign zones are skipped. */
class SchedulerTest {
    static final TestDatabase db = TestDatabase.fresh();
    static Worksets worksets;

    @BeforeAll
    static void start() throws Exception {
        worksets = new Worksets(db.bookkeeping(), Map.of());
        Scheduler s = worksets.scheduler();
        // cheap-a: cheapest; dear-a: 10× the price; small-b: another zone, room for one
        s.define("cheap-a", ConfiguredCluster.read(Map.of("service.pid", "x", "availability.zone", "us-west-2a",
                "max.vcpus", "100", "max.concurrent.worksets", "2", "cost.per.vcpu.hour", "0.01")));
        s.define("dear-a", ConfiguredCluster.read(Map.of("availability.zone", "us-west-2a", "max.vcpus", "100",
                "cost.per.vcpu.hour", "0.10")));
        s.define("small-b", ConfiguredCluster.read(Map.of("availability.zone", "us-west-2b", "max.vcpus", "10",
                "max.concurrent.worksets", "1", "cost.per.vcpu.hour", "0.01")));
        s.reportUtilisation("cheap-a", 60, 0);
        s.reportUtilisation("dear-a", 60, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        worksets.deactivate();
    }

    static WorksetViews.Workset register(String id, String zone) {
        return worksets.register(id, "b", "p", Priority.NORMAL, zone == null ? null
                : WorksetRows.JSON.createObjectNode().put("preferred_availability_zone", zone), null, null, "t");
    }

    /** Runs the workset on its assigned cluster: locked and in progress there, so the cluster counts it as active. */
    static void start(String id) {
        WorksetViews.Lease l = worksets.leases().lock(id, "w-" + id, false, "t");
        worksets.change(id, new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null, null, "w-" + id, l.fencingToken()), "t");
    }

    @Test
    void aClustersMetatypeDeclaresExactlyTheKeysItsCfgIsReadWith() throws Exception {
        java.util.Set<String> read = new java.util.TreeSet<>();
        Scheduler.ClusterSpec none = ConfiguredCluster.read(org.daqhub.metatype.MetatypeCheck.recording(read, Map.of()));
        Map<String, String> ocd = org.daqhub.metatype.MetatypeCheck.metatype(ClusterConfig.class);
        assertEquals(ocd.keySet(), read);
        assertEquals(none, ConfiguredCluster.read(org.daqhub.metatype.MetatypeCheck.defaults(ocd)));
    }

    @Test
    void theCheapestClusterNearSixtyPercentWinsUntilItIsFullThenTheNextAndThenTheQueue() {
        register("s-1", "us-west-2a");
        Scheduler.Decision first = worksets.schedule("s-1", "t");
        assertEquals("cheap-a", first.clusterName());
        assertEquals(0, first.estimatedStartDelayMinutes());
        assertEquals("cheap-a", worksets.get("s-1").clusterName(), "the cluster is assigned");
        Scheduler.Score small = first.scores().stream().filter(s -> s.clusterName().equals("small-b")).findFirst().orElseThrow();
        assertTrue(small.skipped().contains("prefers us-west-2a"), small.toString());
        Scheduler.Score cheap = first.scores().stream().filter(s -> s.clusterName().equals("cheap-a")).findFirst().orElseThrow();
        assertEquals(0.01 * 10 + Math.abs(0.6 - 0.6), cheap.score(), 1e-9);
        start("s-1");
        register("s-2", "us-west-2a");
        assertEquals("cheap-a", worksets.schedule("s-2", "t").clusterName());
        start("s-2");
        // cheap-a runs 2 of 2: dear-a is next
        register("s-3", "us-west-2a");
        Scheduler.Decision third = worksets.schedule("s-3", "t");
        assertEquals("dear-a", third.clusterName());
        assertTrue(third.scores().stream().anyMatch(s -> s.clusterName().equals("cheap-a") && s.skipped().startsWith("full")));
        assertEquals(List.of(first.decisionId()), worksets.scheduler().decisions("s-1").stream()
                .map(Scheduler.Decision::decisionId).toList());
    }

    @Test
    void aZoneWhoseOnlyClusterIsFullQueuesAndAZoneWithoutClustersAsksForOne() {
        register("z-1", "us-west-2b");
        assertEquals("small-b", worksets.schedule("z-1", "t").clusterName());
        start("z-1");
        register("z-2", "us-west-2b");
        Scheduler.Decision queued = worksets.schedule("z-2", "t");
        assertEquals("small-b", queued.clusterName());
        assertEquals(120, queued.estimatedStartDelayMinutes());
        assertTrue(queued.reason().contains("at capacity"), queued.reason());
        assertNull(worksets.get("z-2").clusterName(), "a queued workset is not assigned yet");
        register("z-3", "eu-central-1a");
        Scheduler.Decision none = worksets.schedule("z-3", "t");
        assertTrue(none.shouldCreateCluster());
        assertNull(none.clusterName());
        assertEquals(15, none.estimatedStartDelayMinutes());
        Scheduler.Stats stats = worksets.schedulerStats();
        assertEquals(3, stats.totalClusters());
        assertEquals(210, stats.totalVcpuCapacity());
        assertFalse(stats.clusters().isEmpty());
        assertEquals(stats.totalActiveWorksets(), stats.clusters().stream().mapToLong(Scheduler.Cluster::activeWorksets).sum());
    }
}
