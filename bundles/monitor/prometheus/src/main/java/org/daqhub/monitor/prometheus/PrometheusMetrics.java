package org.daqhub.monitor.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /metrics} for Prometheus: job-monitoring metrics from the events it is handed as an integration
 * (jobs by status, job duration histogram) and every platform counter of every running part (drivers, stores,
 * bus, broker, fast monitoring, event ingestion with its spool). The text format is written directly: a few
 * families, no dependency to carry into OSGi.
 */
@Component(service = { MonitoringIntegration.class, Servlet.class }, property = {
    "integration.name=prometheus",
    "osgi.http.whiteboard.servlet.pattern=/metrics",
    "osgi.http.whiteboard.servlet.name=daqhub-prometheus" })
public class PrometheusMetrics extends HttpServlet implements MonitoringIntegration {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> COUNTER_HELP = Map.of(
            "gaps", "Gaps in a source's sequence seen by a store (frames that never reached it)",
            "missing", "Frames in those gaps",
            "unrouted", "Frames published to a topic while nothing subscribed to it");
    static final double[] BUCKETS = { 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400 };

    private final transient List<RuntimeStatus> parts = new CopyOnWriteArrayList<>();
    /** "entity|status" → finished count. */
    private final transient Map<String, AtomicLong> finished = new ConcurrentHashMap<>();
    private final transient Map<String, AtomicLong> eventsByKind = new ConcurrentHashMap<>();
    private final transient AtomicLong[] bucketCounts = new AtomicLong[BUCKETS.length];
    private final transient AtomicLong durationCount = new AtomicLong();
    private final transient DoubleAdder durationSum = new DoubleAdder();

    public PrometheusMetrics() {
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new AtomicLong();
        }
    }

    private transient org.osgi.framework.BundleContext context;
    /** Parts bound by reference, fetched at the first scrape after they arrive (see {@link #bindPart}). */
    private final transient Map<org.osgi.framework.ServiceReference<RuntimeStatus>, RuntimeStatus> bound =
            new ConcurrentHashMap<>();

    @org.osgi.service.component.annotations.Activate
    void activate(org.osgi.framework.BundleContext context) {
        this.context = context;
    }

    /**
     * Bound as a reference, not as the service: a part may itself wait for this integration to activate (the event
     * delivery to integrations does), and fetching it here would be a circular activation that SCR refuses with an ERROR.
     */
    @Reference(service = RuntimeStatus.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindPart(org.osgi.framework.ServiceReference<RuntimeStatus> ref) {
        bound.put(ref, NOT_YET);
    }

    void unbindPart(org.osgi.framework.ServiceReference<RuntimeStatus> ref) {
        RuntimeStatus s = bound.remove(ref);
        if (s != null && s != NOT_YET && context != null) {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException stopped) { // this bundle is stopping
            }
        }
    }

    private static final RuntimeStatus NOT_YET = new RuntimeStatus() {
        @Override
        public List<InstanceStatus> instances() {
            return List.of();
        }

        @Override
        public boolean restart(String instance) {
            return false;
        }
    };

    /** For tests and tools: a part given directly. */
    public void addPart(RuntimeStatus part) {
        parts.add(part);
    }

    public void removePart(RuntimeStatus part) {
        parts.remove(part);
    }

    private List<RuntimeStatus> parts() {
        List<RuntimeStatus> out = new java.util.ArrayList<>(parts);
        for (var e : bound.entrySet()) {
            RuntimeStatus s = e.getValue();
            if (s == NOT_YET && context != null) {
                s = context.getService(e.getKey());
                if (s == null) {
                    continue; // gone meanwhile
                }
                if (bound.replace(e.getKey(), NOT_YET, s) == false) {
                    context.ungetService(e.getKey()); // unbound meanwhile
                    continue;
                }
            }
            if (s != NOT_YET) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void export(List<MonitoringEvent> events) {
        for (MonitoringEvent e : events) {
            eventsByKind.computeIfAbsent(e.entity() + "|" + e.kind(), k -> new AtomicLong()).incrementAndGet();
            if (!e.kind().equals("finished") && !e.kind().equals("error") && !e.kind().equals("canceled")) {
                continue;
            }
            finished.computeIfAbsent(e.entity() + "|" + e.status(), k -> new AtomicLong()).incrementAndGet();
            Object d = e.attributes().get("duration_s");
            if (e.entity().equals("job") && d instanceof Number n) {
                double v = n.doubleValue();
                for (int i = 0; i < BUCKETS.length; i++) {
                    if (v <= BUCKETS[i]) {
                        bucketCounts[i].incrementAndGet();
                    }
                }
                durationCount.incrementAndGet();
                durationSum.add(v);
            }
        }
    }

    /** The exposition text (what GET /metrics answers). */
    public String scrape() {
        PrometheusText t = new PrometheusText();
        t.family("daqhub_monitoring_events_total", "counter", "Job-monitoring events handed to this integration");
        new TreeMap<>(eventsByKind).forEach((k, v) -> {
            String[] p = k.split("\\|", 2);
            t.sample("daqhub_monitoring_events_total", Map.of("entity", p[0], "kind", p[1]), v.get());
        });
        t.family("daqhub_jobs_total", "counter", "Jobs and subjobs that ended, by status");
        new TreeMap<>(finished).forEach((k, v) -> {
            String[] p = k.split("\\|", 2);
            t.sample("daqhub_jobs_total", Map.of("entity", p[0], "status", p[1]), v.get());
        });
        t.family("daqhub_job_duration_seconds", "histogram", "Duration of finished jobs");
        for (int i = 0; i < BUCKETS.length; i++) {
            t.sample("daqhub_job_duration_seconds_bucket", Map.of("le", PrometheusText.format(BUCKETS[i])),
                    bucketCounts[i].get());
        }
        t.sample("daqhub_job_duration_seconds_bucket", Map.of("le", "+Inf"), durationCount.get());
        t.sample("daqhub_job_duration_seconds_sum", Map.of(), durationSum.sum());
        t.sample("daqhub_job_duration_seconds_count", Map.of(), durationCount.get());

        List<InstanceStatus> all = parts().stream().flatMap(p -> safe(p).stream()).toList();
        platform(t, all, "daqhub_instance_frames_total", "counter",
                "Frames produced (drivers), written (stores) or items handled (services)", InstanceStatus::frames);
        platform(t, all, "daqhub_instance_bytes_total", "counter", "Payload bytes produced or written",
                InstanceStatus::bytes);
        platform(t, all, "daqhub_instance_restarts_total", "counter", "Restarts after an error or a hang",
                InstanceStatus::restarts);
        platform(t, all, "daqhub_instance_dropped_total", "counter", "Frames dropped or failed deliveries",
                InstanceStatus::dropped);
        platform(t, all, "daqhub_instance_spooled", "gauge", "Items waiting in a disk spool (for events: "
                + "events in the integrations' spools)", InstanceStatus::spooled);
        platform(t, all, "daqhub_instance_queue_depth", "gauge", "Items waiting in the instance's queue",
                s -> s.queueDepth());
        platform(t, all, "daqhub_instance_frames_per_second", "gauge", "Rate over the last sampling interval",
                InstanceStatus::framesPerSecond);
        // further counters (a store's sequence gaps, a topic's unrouted frames), a family per name
        new java.util.TreeSet<>(all.stream().flatMap(s -> s.counters().keySet().stream()).toList()).forEach(name -> {
            String family = "daqhub_instance_" + name + "_total";
            t.family(family, "counter", COUNTER_HELP.getOrDefault(name, "Counter " + name + " of the instance"));
            for (InstanceStatus s : all) {
                Long v = s.counters().get(name);
                if (v != null) {
                    t.sample(family, labels(s), v);
                }
            }
        });
        t.family("daqhub_instance_up", "gauge", "1 while the instance runs normally, 0 otherwise");
        for (InstanceStatus s : all) {
            t.sample("daqhub_instance_up", labels(s), s.state().equals("RUNNING") ? 1 : 0);
        }
        return t.toString();
    }

    private static List<InstanceStatus> safe(RuntimeStatus p) {
        try {
            return p.instances();
        } catch (RuntimeException e) {
            return List.of(); // a part going away while we read it
        }
    }

    private interface Value {
        double of(InstanceStatus s);
    }

    private static void platform(PrometheusText t, List<InstanceStatus> all, String name, String type, String help,
            Value v) {
        t.family(name, type, help);
        for (InstanceStatus s : all) {
            t.sample(name, labels(s), v.of(s));
        }
    }

    private static Map<String, String> labels(InstanceStatus s) {
        return Map.of("kind", s.kind(), "instance", s.instance());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
