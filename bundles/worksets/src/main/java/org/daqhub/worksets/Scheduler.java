package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.daqhub.api.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The seed's scheduler: which cluster a workset should run on. Each cluster with room (fewer active worksets
 * than it may run) in the workset's preferred availability zone scores {@code cost per vCPU hour × 10 +
 * |0.6 − vCPU utilisation|} (cheap, and near 60 % busy, which keeps spot capacity stable); lowest wins, the
 * workset's preferred cluster first if it has room. With no room: queued for the least-scored full cluster
 * (the seed computes this wait but can never reach it), or, with no cluster in the zone at all, a new cluster
 * is asked for. Every decision is stored with every cluster's score and why any was skipped.
 */
public final class Scheduler {
    private final DataSource db;
    final AtomicLong scheduled = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    final AtomicLong createRequested = new AtomicLong();

    Scheduler(DataSource db) {
        this.db = db;
    }

    /** A cluster; its active worksets are those assigned to it and not yet ended (scheduled, locked or running). */
    public record Cluster(String clusterName, String availabilityZone, int maxVcpus, double maxMemoryGb,
            int maxConcurrentWorksets, double costPerVcpuHour, int vcpusUsed, double memoryGbUsed, int activeWorksets) {
        double utilisation() {
            return maxVcpus == 0 ? 0 : (double) vcpusUsed / maxVcpus;
        }

        boolean hasRoom() {
            return activeWorksets < maxConcurrentWorksets;
        }
    }

    /** One cluster as the decision saw it: its score, or why it was skipped. */
    public record Score(String clusterName, String availabilityZone, double utilisation, int activeWorksets,
            int maxConcurrentWorksets, Double score, String skipped) {
    }

    public record Decision(long decisionId, String worksetId, String clusterName, boolean shouldCreateCluster,
            int estimatedStartDelayMinutes, String reason, List<Score> scores, String at) {
    }

    /** The seed's scheduling stats, and daqhub's decision counts. */
    public record Stats(int totalClusters, long totalVcpuCapacity, long totalVcpusUsed, double vcpuUtilizationPercent,
            long totalActiveWorksets, Map<String, Long> queueDepth, List<Cluster> clusters, long decisionsScheduled,
            long decisionsQueued, long decisionsCreateCluster) {
    }

    void define(String name, ClusterSpec spec) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO workset_cluster "
                + "(cluster_name, availability_zone, max_vcpus, max_memory_gb, max_concurrent_worksets, cost_per_vcpu_hour, "
                + "configured) VALUES (?, ?, ?, ?, ?, ?, true) ON CONFLICT (cluster_name) DO UPDATE SET availability_zone = "
                + "EXCLUDED.availability_zone, max_vcpus = EXCLUDED.max_vcpus, max_memory_gb = EXCLUDED.max_memory_gb, "
                + "max_concurrent_worksets = EXCLUDED.max_concurrent_worksets, cost_per_vcpu_hour = EXCLUDED.cost_per_vcpu_hour, "
                + "configured = true, updated_at = now()")) {
            st.setString(1, name);
            st.setString(2, spec.availabilityZone());
            st.setInt(3, spec.maxVcpus());
            st.setDouble(4, spec.maxMemoryGb());
            st.setInt(5, spec.maxConcurrentWorksets());
            st.setDouble(6, spec.costPerVcpuHour());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("defining cluster " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Capacity and price from a cluster's cfg. */
    record ClusterSpec(String availabilityZone, int maxVcpus, double maxMemoryGb, int maxConcurrentWorksets,
            double costPerVcpuHour) {
    }

    /** A cluster whose cfg is gone is no longer scheduled on (kept for the decisions that name it). */
    void retire(String name) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE workset_cluster SET configured = false, updated_at = now() WHERE cluster_name = ?")) {
            st.setString(1, name);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("retiring cluster " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** The seed's update_cluster_utilization; the active worksets are counted from the leases, not reported. */
    public Cluster reportUtilisation(String name, int vcpusUsed, double memoryGbUsed) {
        if (vcpusUsed < 0 || memoryGbUsed < 0) {
            throw ApiException.invalid(vcpusUsed < 0 ? "vcpus_used" : "memory_gb_used", "must be ≥ 0");
        }
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("UPDATE workset_cluster SET "
                + "vcpus_used = ?, memory_gb_used = ?, updated_at = now() WHERE cluster_name = ? AND configured")) {
            st.setInt(1, vcpusUsed);
            st.setDouble(2, memoryGbUsed);
            st.setString(3, name);
            if (st.executeUpdate() == 0) {
                throw ApiException.notFound("cluster " + name + " (clusters come from etc/org.daqhub.worksets.cluster-<name>.cfg)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reporting the utilisation of " + name + " failed: " + e.getMessage(), e);
        }
        return clusters().stream().filter(k -> k.clusterName().equals(name)).findFirst().orElseThrow();
    }

    public List<Cluster> clusters() {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT k.*, (SELECT count(*) FROM "
                + "workset w WHERE w.cluster_name = k.cluster_name AND w.state IN ('ready', 'locked', 'in_progress')) AS active "
                + "FROM workset_cluster k WHERE configured ORDER BY cluster_name"); ResultSet rs = st.executeQuery()) {
            List<Cluster> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Cluster(rs.getString("cluster_name"), rs.getString("availability_zone"), rs.getInt("max_vcpus"),
                        rs.getDouble("max_memory_gb"), rs.getInt("max_concurrent_worksets"), rs.getDouble("cost_per_vcpu_hour"),
                        rs.getInt("vcpus_used"), rs.getDouble("memory_gb_used"), rs.getInt("active")));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the clusters failed: " + e.getMessage(), e);
        }
    }

    /** Decides, stores the decision, and assigns the cluster to the workset when it has room there. */
    public Decision schedule(WorksetViews.Workset w, String actor) {
        if (WorksetState.of("state", w.state()).terminal()) {
            throw ApiException.conflict("state", "workset " + w.worksetId() + " is " + w.state() + ": nothing to schedule");
        }
        JsonNode zoneNode = w.metadata() == null ? null : w.metadata().get("preferred_availability_zone");
        String zone = zoneNode == null || zoneNode.isNull() ? null : zoneNode.asText();
        List<Cluster> clusters = clusters();
        List<Score> scores = new ArrayList<>();
        List<Cluster> candidates = new ArrayList<>();
        List<Cluster> fullInZone = new ArrayList<>();
        for (Cluster k : clusters) {
            double s = k.costPerVcpuHour() * 10 + Math.abs(0.6 - k.utilisation());
            String skipped = null;
            if (zone != null && !zone.equals(k.availabilityZone())) {
                skipped = "in " + k.availabilityZone() + ", the workset prefers " + zone;
            } else if (!k.hasRoom()) {
                skipped = "full: " + k.activeWorksets() + " of " + k.maxConcurrentWorksets() + " worksets active";
                fullInZone.add(k);
            } else {
                candidates.add(k);
            }
            scores.add(new Score(k.clusterName(), k.availabilityZone(), k.utilisation(), k.activeWorksets(),
                    k.maxConcurrentWorksets(), s, skipped));
        }
        Comparator<Cluster> byScore = Comparator.comparingDouble(k -> k.costPerVcpuHour() * 10 + Math.abs(0.6 - k.utilisation()));
        candidates.sort(byScore);
        String cluster;
        boolean create = false;
        int delay;
        String reason;
        Cluster preferred = candidates.stream().filter(k -> k.clusterName().equals(w.preferredCluster())).findFirst().orElse(null);
        if (preferred != null) {
            cluster = preferred.clusterName();
            delay = 0;
            reason = "scheduled on its preferred cluster " + cluster;
        } else if (!candidates.isEmpty()) {
            cluster = candidates.get(0).clusterName();
            delay = 0;
            reason = "scheduled on existing cluster " + cluster + " (lowest score)";
        } else if (!fullInZone.isEmpty()) {
            fullInZone.sort(byScore);
            Cluster k = fullInZone.get(0);
            cluster = k.clusterName();
            delay = 120 / Math.max(1, k.activeWorksets()); // the seed's estimate: 2 h average shared by those running
            reason = "queued for cluster " + cluster + " (at capacity)";
        } else {
            cluster = null;
            create = true;
            delay = 15; // the seed's cluster creation time
            reason = clusters.isEmpty() ? "no cluster is configured: a new cluster is needed"
                    : "no cluster in " + zone + ": a new cluster is needed";
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (cluster != null && delay == 0) {
                    try (PreparedStatement st = c.prepareStatement(
                            "UPDATE workset SET cluster_name = ?, updated_at = now() WHERE workset_id = ?")) {
                        st.setString(1, cluster);
                        st.setString(2, w.worksetId());
                        st.executeUpdate();
                    }
                }
                try (PreparedStatement st = c.prepareStatement("INSERT INTO workset_schedule (workset_id, cluster_name, "
                        + "should_create_cluster, start_delay_minutes, reason, scores, actor) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) "
                        + "RETURNING decision_id, at")) {
                    st.setString(1, w.worksetId());
                    st.setString(2, cluster);
                    st.setBoolean(3, create);
                    st.setInt(4, delay);
                    st.setString(5, reason);
                    st.setString(6, WorksetRows.JSON.writeValueAsString(scores));
                    st.setString(7, actor);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        Decision d = new Decision(rs.getLong(1), w.worksetId(), cluster, create, delay, reason, scores,
                                WorksetRows.iso(rs, "at"));
                        c.commit();
                        (create ? createRequested : delay == 0 ? scheduled : queued).incrementAndGet();
                        return d;
                    }
                }
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("recording the schedule of " + w.worksetId() + " failed: " + e.getMessage(), e);
        }
    }

    /** A workset's decisions, oldest first, each with its scores. */
    public List<Decision> decisions(String worksetId) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT * FROM workset_schedule "
                + "WHERE workset_id = ? ORDER BY decision_id")) {
            st.setString(1, worksetId);
            List<Decision> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Score> scores = WorksetRows.JSON.readValue(rs.getString("scores"),
                            WorksetRows.JSON.getTypeFactory().constructCollectionType(List.class, Score.class));
                    out.add(new Decision(rs.getLong("decision_id"), worksetId, rs.getString("cluster_name"),
                            rs.getBoolean("should_create_cluster"), rs.getInt("start_delay_minutes"), rs.getString("reason"),
                            scores, WorksetRows.iso(rs, "at")));
                }
            }
            return out;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("reading the decisions of " + worksetId + " failed: " + e.getMessage(), e);
        }
    }

    Stats stats(Map<String, Long> queueDepth) {
        List<Cluster> clusters = clusters();
        long capacity = clusters.stream().mapToLong(Cluster::maxVcpus).sum();
        long used = clusters.stream().mapToLong(Cluster::vcpusUsed).sum();
        long active = clusters.stream().mapToLong(Cluster::activeWorksets).sum();
        return new Stats(clusters.size(), capacity, used, capacity == 0 ? 0 : used * 100.0 / capacity, active, queueDepth,
                clusters, scheduled.get(), queued.get(), createRequested.get());
    }
}
