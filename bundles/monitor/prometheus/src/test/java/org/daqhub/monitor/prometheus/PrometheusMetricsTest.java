package org.daqhub.monitor.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
    static MonitoringEvent finished(String entity, String status, double duration) {
        return new MonitoringEvent("finished", entity, "j", status, Instant.now(), Map.of("duration_s", duration));
    }

    static PrometheusMetrics withEvents() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.export(List.of(new MonitoringEvent("started", "job", "j", "running", Instant.now(), Map.of()),
                finished("job", "succeeded", 3.0), finished("job", "succeeded", 45.0), finished("job", "failed", 700),
                finished("subjob", "succeeded", 1.0)));
        m.addPart(new RuntimeStatus() {
            @Override
            public List<InstanceStatus> instances() {
                return List.of(new InstanceStatus("driver", "det\"1", "sim", "RUNNING", 10, 100, 1.5, 15, 0, 0, 0, 0, "",
                        0, 0, 0), new InstanceStatus("store", "db", "pg", "SPOOLING", 9, 90, 1, 10, 1, 0, 4, 2, "down",
                        0, 0, 0, Map.of("gaps", 2L, "missing", 17L)), new InstanceStatus("topic", "data.x.y", "unrouted",
                        "UNROUTED", 0, 0, 0, 0, 0, 0, 0, 0, "", 0, 0, 0, Map.of("unrouted", 5L)));
            }

            @Override
            public boolean restart(String instance) {
                return false;
            }
        });
        return m;
    }

    @Test
    void jobsByStatusAndADurationHistogram() {
        String text = withEvents().scrape();
        assertTrue(text.contains("daqhub_jobs_total{entity=\"job\",status=\"succeeded\"} 2\n"), text);
        assertTrue(text.contains("daqhub_jobs_total{entity=\"job\",status=\"failed\"} 1\n"), text);
        assertTrue(text.contains("daqhub_job_duration_seconds_bucket{le=\"5\"} 1\n"), text);
        assertTrue(text.contains("daqhub_job_duration_seconds_bucket{le=\"60\"} 2\n"), text);
        assertTrue(text.contains("daqhub_job_duration_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("daqhub_job_duration_seconds_sum 748\n"), text);
        assertTrue(text.contains("daqhub_instance_spooled{instance=\"db\",kind=\"store\"} 4\n"), text);
        assertTrue(text.contains("daqhub_instance_up{instance=\"det\\\"1\",kind=\"driver\"} 1\n"), text);
        assertTrue(text.contains("daqhub_instance_up{instance=\"db\",kind=\"store\"} 0\n"), text);
        // further counters: a store's sequence gaps, a topic's unrouted frames
        assertTrue(text.contains("daqhub_instance_gaps_total{instance=\"db\",kind=\"store\"} 2\n"), text);
        assertTrue(text.contains("daqhub_instance_missing_total{instance=\"db\",kind=\"store\"} 17\n"), text);
        assertTrue(text.contains("daqhub_instance_unrouted_total{instance=\"data.x.y\",kind=\"topic\"} 5\n"), text);
    }

    /** The output passes promtool (Debian package prometheus; .ci/run installs it and refuses a skip). */
    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        assumeTrue(new File("/usr/bin/promtool").canExecute(), "promtool not installed (apt-get install prometheus)");
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(withEvents().scrape().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("", out.trim(), "promtool lint findings");
    }

    /** docs/grafana-daqhub.json queries only metrics that /metrics has (a renamed metric would blank a panel). */
    @Test
    void everyMetricTheGrafanaDashboardQueriesExists() throws Exception {
        String dashboard = java.nio.file.Files.readString(java.nio.file.Paths.get("../../../docs/grafana-daqhub.json"));
        com.fasterxml.jackson.databind.JsonNode d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard);
        String text = withEvents().scrape();
        java.util.Set<String> queried = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode panel : d.get("panels")) {
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("daqhub_[a-z_]+").matcher(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertTrue(queried.size() >= 10, queried.toString());
        for (String metric : queried) {
            assertTrue(java.util.regex.Pattern.compile("(?m)^" + metric + "[{ ]").matcher(text).find(),
                    metric + " is queried by the Grafana dashboard but not in /metrics:\n" + text);
        }
    }
}
