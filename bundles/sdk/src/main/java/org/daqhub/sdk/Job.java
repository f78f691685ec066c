package org.daqhub.sdk;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A monitored job or subjob. Close it to report {@code finished}. Not for use from several threads at once. */
public final class Job implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Monitor monitor;
    private final String site;
    private final String app;
    private final String appVersion;
    private final String type;
    private final String id;
    private final String parentId;
    private final String businessKey;
    private final String subKey;
    private final long startNanos = System.nanoTime();
    private final ResourceUsage startUsage = ResourceUsage.now();
    private Throwable failure;
    private boolean closed;

    Job(Monitor monitor, String site, String app, String appVersion, String type, String id, String parentId,
            String businessKey, String subKey) {
        this.monitor = monitor;
        this.site = site;
        this.app = app;
        this.appVersion = appVersion;
        this.type = type;
        this.id = id;
        this.parentId = parentId;
        this.businessKey = businessKey;
        this.subKey = subKey;
        send("started", "running", null);
    }

    public String id() {
        return id;
    }

    /** Reports progress (percent, or any number the application uses). */
    public void progress(double value) {
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("progress", value);
        metrics.put("mem_max_mb", ResourceUsage.now().memMaxMb());
        send("progress", "running", metrics);
    }

    /** A subjob of this job; its business key is this job's, its sub key {@code name}. */
    public Job subjob(String name) {
        return new Job(monitor, site, app, appVersion, "subjob", UUID.randomUUID().toString(), id, businessKey, name);
    }

    /** Marks the job failed; close reports it with the error's type and message. */
    public void fail(Throwable error) {
        this.failure = error;
    }

    /** Runs {@code work}; if it throws, the job is reported failed and the exception is rethrown. */
    public void run(ThrowingRunnable work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** As {@link #run}, returning the work's result. */
    public <T> T call(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (Exception | Error e) {
            fail(e);
            throw e;
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Reports {@code finished}: succeeded, or failed after {@link #fail}; with CPU, peak memory and duration. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ResourceUsage used = ResourceUsage.now().since(startUsage);
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("duration_s", (System.nanoTime() - startNanos) / 1e9);
        metrics.put("cpu_user_s", used.cpuUserSeconds());
        metrics.put("cpu_system_s", used.cpuSystemSeconds());
        metrics.put("mem_max_mb", used.memMaxMb());
        send("finished", failure == null ? "succeeded" : "failed", metrics);
    }

    private void send(String kind, String status, ObjectNode metrics) {
        String key = id + ":" + kind + ":" + UUID.randomUUID();
        ObjectNode n = JSON.createObjectNode();
        n.put("idempotency_key", key);
        n.put("site_id", site);
        ObjectNode a = n.putObject("app");
        a.put("name", app);
        a.put("version", appVersion);
        ObjectNode e = n.putObject("entity");
        e.put("type", type);
        e.put("id", id);
        if (parentId != null) {
            e.put("parent_id", parentId);
        }
        if (businessKey != null) {
            e.put("business_key", businessKey);
        }
        if (subKey != null) {
            e.put("sub_key", subKey);
        }
        ObjectNode ev = n.putObject("event");
        ev.put("kind", kind);
        ev.put("at", Instant.now().toString());
        ev.put("status", status);
        if (metrics != null) {
            ev.set("metrics", metrics);
        }
        if (failure != null && kind.equals("finished")) {
            ObjectNode md = ev.putObject("metadata");
            md.put("error_type", failure.getClass().getName());
            md.put("error", String.valueOf(failure.getMessage()));
        }
        monitor.emitter().emit(key, n.toString());
    }
}
