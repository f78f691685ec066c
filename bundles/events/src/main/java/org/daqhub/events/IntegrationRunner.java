package org.daqhub.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Feeds one integration on its own thread, so a slow or failing integration never holds up another. A batch
 * the integration refuses goes to a disk spool (one JSON-lines file per batch, in order); while anything is
 * spooled, new batches are spooled behind it, and the spool is retried oldest first every few seconds. On
 * stop, what is still queued is spooled too: accepted events are not lost.
 */
final class IntegrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationRunner.class);

    final String name;
    private final MonitoringIntegration integration;
    private final Path spool;
    private final long retryMillis;
    private final BlockingQueue<MonitoringEvent> queue = new ArrayBlockingQueue<>(100_000);
    private final Thread thread;
    private final AtomicLong fileSeq = new AtomicLong(System.currentTimeMillis() * 1000);
    final AtomicLong exported = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong spooledEvents = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean stopping;

    IntegrationRunner(String name, MonitoringIntegration integration, Path spool, long retryMillis) throws IOException {
        this.name = name;
        this.integration = integration;
        this.spool = spool;
        this.retryMillis = retryMillis;
        Files.createDirectories(spool);
        for (Path p : files()) {
            spooledEvents.addAndGet(Files.readAllLines(p).size());
        }
        thread = new Thread(this::loop, "daqhub-integration-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void offer(List<MonitoringEvent> events) {
        for (MonitoringEvent e : events) {
            if (!queue.offer(e)) {
                write(List.of(e)); // queue full: straight to disk rather than blocking ingestion
            }
        }
    }

    private void loop() {
        List<MonitoringEvent> batch = new ArrayList<>();
        while (!stopping) {
            try {
                if (spooledEvents.get() > 0) {
                    if (!drainOne()) {
                        queue.drainTo(batch, 10_000);
                        if (!batch.isEmpty()) {
                            write(batch);
                            batch.clear();
                        }
                        Thread.sleep(retryMillis);
                    }
                    continue;
                }
                MonitoringEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 499);
                if (!export(batch)) {
                    write(batch);
                }
                batch.clear();
            } catch (InterruptedException e) {
                break;
            }
        }
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private boolean export(List<MonitoringEvent> batch) {
        try {
            integration.export(batch);
            exported.addAndGet(batch.size());
            if (!lastError.isEmpty()) {
                LOG.info("integration {} is back; delivering again", name);
                lastError = "";
            }
            return true;
        } catch (Exception e) {
            failures.incrementAndGet();
            if (lastError.isEmpty()) {
                LOG.warn("integration {} failed ({}); spooling its events under {} until it recovers", name, e.toString(),
                        spool);
            }
            lastError = e.toString();
            return false;
        }
    }

    /** Sends the oldest spool file; false if the integration still fails. */
    private boolean drainOne() {
        List<Path> files = files();
        if (files.isEmpty()) {
            spooledEvents.set(0);
            return true;
        }
        Path p = files.get(0);
        List<MonitoringEvent> batch = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(p)) {
                batch.add(fromJson(JobEvents.JSON.readTree(line)));
            }
        } catch (IOException e) {
            LOG.error("integration {}: spool file {} unreadable ({}); moved aside", name, p, e.toString());
            try {
                Files.move(p, p.resolveSibling(p.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // leave it; it is retried
            }
            return true;
        }
        if (!export(batch)) {
            return false;
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            LOG.warn("integration {}: {} delivered but not removed", name, p);
        }
        spooledEvents.addAndGet(-batch.size());
        return true;
    }

    private synchronized void write(List<MonitoringEvent> batch) {
        Path file = spool.resolve(String.format("%020d.jsonl", fileSeq.incrementAndGet()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (MonitoringEvent e : batch) {
                w.write(toJson(e).toString());
                w.newLine();
            }
        } catch (IOException e) {
            LOG.error("integration {}: {} events could not be spooled: {}", name, batch.size(), e.toString());
            return;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            spooledEvents.addAndGet(batch.size());
        } catch (IOException e) {
            LOG.error("integration {}: spool file {} not committed: {}", name, file, e.toString());
        }
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static JsonNode toJson(MonitoringEvent e) {
        return JobEvents.JSON.valueToTree(e.toMap());
    }

    static MonitoringEvent fromJson(JsonNode n) {
        Map<String, Object> attrs = JobEvents.JSON.convertValue(n.get("attributes"), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return new MonitoringEvent(n.get("kind").asText(), n.get("entity").asText(), n.get("key").asText(),
                n.path("status").asText(""), Instant.parse(n.get("time").asText()), attrs);
    }

    /** healthy, or degraded while events wait in the spool. */
    String state() {
        return spooledEvents.get() > 0 || !lastError.isEmpty() ? "degraded" : "healthy";
    }

    String lastError() {
        return lastError;
    }

    /** Events the target refused for good (counted by the integration). */
    long refused() {
        try {
            return integration.refused();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    String type() {
        return integration.getClass().getName();
    }

    int queued() {
        return queue.size();
    }

    void stop() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
