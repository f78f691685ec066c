package org.daqhub.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Posts events to daqhub's {@code /v1/ingest/events}, retrying with exponential backoff. When daqhub stays
 * unreachable the event goes to a spool directory (one file per event, named so that the directory order is
 * the emission order) and a background thread sends the spool, oldest first, once daqhub answers again. While
 * anything is spooled, new events join the spool, so daqhub receives them in order. Every event carries an
 * idempotency key: a resend after a lost answer is stored once.
 */
public final class HttpEmitter implements Emitter {
    private static final Logger LOG = Logger.getLogger(HttpEmitter.class.getName());

    private final URI endpoint;
    private final URI batchEndpoint;
    private final HttpClient http;
    private final Path spool;
    private final int tries;
    private final Duration firstBackoff;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Thread drainer;
    private volatile boolean closed;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    /** Files in the spool now; kept in memory so that emit() does not list the directory every time. */
    private final AtomicLong waiting = new AtomicLong();

    /**
     * @param baseUrl  daqhub's HTTP address, e.g. {@code http://daqhub.example.org:8181}
     * @param spoolDir where undeliverable events wait (created if missing)
     */
    public HttpEmitter(String baseUrl, Path spoolDir, int tries, Duration firstBackoff, Duration drainInterval) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/ingest/events");
        this.batchEndpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/ingest/events:batch");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.spool = spoolDir;
        this.tries = Math.max(1, tries);
        this.firstBackoff = firstBackoff;
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + spoolDir + " cannot be created", e);
        }
        waiting.set(spooled().size()); // left by an earlier run
        drainer = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(drainInterval.toMillis());
                    drain();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "daqhub-sdk-spool");
        drainer.setDaemon(true);
        drainer.start();
    }

    @Override
    public synchronized void emit(String idempotencyKey, String json) {
        if (waiting.get() == 0 && post(json, tries)) {
            return;
        }
        write(idempotencyKey, json);
    }

    /** Spooled events per request when draining. */
    private static final int DRAIN_BATCH = 100;

    /**
     * Sends spooled events in order, up to {@value #DRAIN_BATCH} per request; stops at the first request that
     * cannot be delivered. A batch refused for one bad event (nothing of it is stored) goes again event by event,
     * so only the bad one is dropped.
     */
    public synchronized void drain() {
        List<Path> files = spooled();
        for (int from = 0; from < files.size(); from += DRAIN_BATCH) {
            List<Path> chunk = files.subList(from, Math.min(files.size(), from + DRAIN_BATCH));
            List<String> bodies = new java.util.ArrayList<>(chunk.size());
            for (Path p : chunk) {
                try {
                    bodies.add(Files.readString(p));
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "unreadable spool file " + p + ", left in place", e);
                    return;
                }
            }
            Delivery d = postBatch(bodies);
            if (d == Delivery.LATER) {
                return;
            }
            for (int i = 0; i < chunk.size(); i++) {
                if (d == Delivery.REFUSED && !post(bodies.get(i), 1)) {
                    return;
                }
                remove(chunk.get(i));
            }
        }
    }

    private enum Delivery { SENT, REFUSED, LATER }

    private Delivery postBatch(List<String> bodies) {
        return send(batchEndpoint, "[" + String.join(",", bodies) + "]", bodies.size(), Duration.ofSeconds(30));
    }

    /** One request; a refusal of the events themselves is logged with daqhub's answer. */
    private Delivery send(URI uri, String body, int events, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                sent.addAndGet(events);
                return Delivery.SENT;
            }
            if (REFUSED.contains(r.statusCode())) {
                LOG.warning("daqhub refused " + events + " event(s) (" + r.statusCode() + "): " + r.body());
                return Delivery.REFUSED;
            }
            return Delivery.LATER;
        } catch (IOException e) {
            return Delivery.LATER; // unreachable
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.LATER;
        }
    }

    private void remove(Path p) {
        try {
            if (Files.deleteIfExists(p)) {
                waiting.decrementAndGet();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "sent but not removed: " + p + " (the idempotency key prevents a duplicate)", e);
        }
    }

    /**
     * Answers that refuse the event itself. Any other (404 while daqhub starts and its endpoint is not there yet,
     * 401/403 until the credentials are fixed, 429, 5xx) keeps it for later.
     */
    private static final java.util.Set<Integer> REFUSED = java.util.Set.of(400, 413, 415, 422);

    /**
     * Posts one event, retrying with backoff; true once it is out of the spool's concern (stored, or refused
     * for good: resending a bad event will not help).
     */
    private boolean post(String json, int attempts) {
        Duration backoff = firstBackoff;
        for (int i = 0; i < attempts; i++) {
            if (send(endpoint, json, 1, Duration.ofSeconds(5)) != Delivery.LATER) {
                return true;
            }
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (i + 1 < attempts) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                        : backoff.multipliedBy(2);
            }
        }
        return false;
    }

    private void write(String key, String json) {
        String name = String.format("%020d-%s.json", sequence.incrementAndGet(), key.replaceAll("[^A-Za-z0-9._-]", "_"));
        Path tmp = spool.resolve(name + ".tmp");
        try {
            Files.writeString(tmp, json);
            Files.move(tmp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            spooled.incrementAndGet();
            waiting.incrementAndGet();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "event " + key + " could not be spooled to " + spool + " and is lost", e);
        }
    }

    private List<Path> spooled() {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public int pending() {
        return (int) waiting.get();
    }

    @Override
    public void close() {
        closed = true;
        drainer.interrupt();
        drain();
    }
}
