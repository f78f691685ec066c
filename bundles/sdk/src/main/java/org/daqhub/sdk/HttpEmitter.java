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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Posts events to daqhub's {@code /v1/ingest/events}, retrying with exponential backoff. When daqhub stays
 * unreachable the event goes to a spool directory (one file per event, named so that the directory order is
 * the emission order) and a background thread sends the spool, oldest first, once daqhub answers again. While
 * anything is spooled, new events join the spool, so daqhub receives them in order. Every event carries an
 * idempotency key: a resend after a lost answer is stored once.
 *
 * <p>An event that daqhub refuses (400, 413, 415, 422), or that it keeps answering 5xx for while it stores other
 * events, goes to {@value #DEAD_LETTER} in the spool directory, one JSON line with daqhub's answer, so that it
 * does not hold up the events after it.
 */
public final class HttpEmitter implements Emitter {
    private static final Logger LOG = Logger.getLogger(HttpEmitter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** In the spool directory; not a spool file (those end with .json). */
    static final String DEAD_LETTER = "dead-letter.jsonl";

    private final URI endpoint;
    private final URI batchEndpoint;
    private final HttpClient http;
    private final Path spool;
    private final int tries;
    private final Duration firstBackoff;
    private final int deadLetterAfter;
    /** "Bearer <token>", or null to send none. */
    private final String authorization;
    /** The last answer about credentials was logged: one line per change, not one per retry. */
    private volatile boolean refusedLogged;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Thread drainer;
    private volatile boolean closed;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    /** Files in the spool now; kept in memory so that emit() does not list the directory every time. */
    private final AtomicLong waiting = new AtomicLong();
    /** 5xx answers per spooled event, alone or in a batch (in memory: a restart counts afresh). */
    private final Map<Path, Integer> failedAnswers = new HashMap<>();

    /**
     * @param baseUrl  daqhub's HTTP address, e.g. {@code http://daqhub.example.org:8181}
     * @param spoolDir where undeliverable events wait (created if missing)
     */
    public HttpEmitter(String baseUrl, Path spoolDir, int tries, Duration firstBackoff, Duration drainInterval) {
        this(baseUrl, spoolDir, tries, firstBackoff, drainInterval, 5);
    }

    /**
     * @param deadLetterAfter 5xx answers to a spooled event (alone or in its batch) before the SDK sends its batch
     *                        event by event to find the events that fail
     */
    public HttpEmitter(String baseUrl, Path spoolDir, int tries, Duration firstBackoff, Duration drainInterval,
            int deadLetterAfter) {
        this(baseUrl, null, spoolDir, tries, firstBackoff, drainInterval, deadLetterAfter);
    }

    /** @param token the API token sent as {@code Authorization: Bearer}, or null */
    public HttpEmitter(String baseUrl, String token, Path spoolDir, int tries, Duration firstBackoff,
            Duration drainInterval, int deadLetterAfter) {
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.trim();
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/ingest/events");
        this.batchEndpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/ingest/events:batch");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.spool = spoolDir;
        this.tries = Math.max(1, tries);
        this.firstBackoff = firstBackoff;
        this.deadLetterAfter = Math.max(1, deadLetterAfter);
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

    private record Spooled(Path file, String json) {}

    /**
     * Sends spooled events in order, up to {@value #DRAIN_BATCH} per request; stops at the first request that
     * cannot be delivered. A batch that is refused (nothing of it is stored), or that daqhub answered 5xx
     * {@code deadLetterAfter} times, goes again event by event: a refused event goes to the dead-letter file, one
     * that fails alone becomes a suspect. Suspects go to the dead-letter file only once an event after them is
     * stored in the same drain and they still fail: when daqhub fails every event (its database down) they stay.
     * Event by event rather than by halves: the order is kept without bookkeeping, a run of bad events costs one
     * request each (and one to confirm), and a batch at most about {@value #DRAIN_BATCH}, as for a refusal.
     */
    public synchronized void drain() {
        List<Path> files = spooled();
        List<Spooled> suspects = new ArrayList<>();
        boolean split = false; // at most one batch per drain goes event by event for 5xx: bounded work while daqhub fails
        for (int from = 0; from < files.size(); from += DRAIN_BATCH) {
            List<Spooled> chunk = read(files.subList(from, Math.min(files.size(), from + DRAIN_BATCH)));
            if (chunk == null) {
                return;
            }
            Answer batch = postBatch(chunk);
            if (batch.delivery() == Delivery.SENT) {
                chunk.forEach(e -> remove(e.file()));
                if (!deadLetterSuspects(suspects)) {
                    return;
                }
                continue;
            }
            if (batch.delivery() == Delivery.LATER) {
                return;
            }
            if (batch.delivery() == Delivery.FAILED) {
                boolean enough = failedEnough(chunk);
                if (!enough || split) {
                    return; // the batch again at the next drain
                }
                split = true;
            }
            for (Spooled e : chunk) { // refused, or answered 5xx often enough: event by event, in order
                Answer a = send(endpoint, e.json(), 1, Duration.ofSeconds(5));
                switch (a.delivery()) {
                    case SENT -> {
                        remove(e.file());
                        if (!deadLetterSuspects(suspects)) {
                            return;
                        }
                    }
                    case REFUSED -> {
                        if (!moveToDeadLetter(e, a)) {
                            return;
                        }
                    }
                    case FAILED -> {
                        if (!failedEnough(List.of(e))) {
                            return; // alone again at the next drain
                        }
                        suspects.add(e);
                    }
                    case LATER -> {
                        return;
                    }
                }
            }
        }
    }

    /** The spool files' events, or null if one cannot be read. */
    private static List<Spooled> read(List<Path> files) {
        List<Spooled> events = new ArrayList<>(files.size());
        for (Path p : files) {
            try {
                events.add(new Spooled(p, Files.readString(p)));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "unreadable spool file " + p + ", left in place", e);
                return null;
            }
        }
        return events;
    }

    /** Counts a 5xx answer for each event; true if one of them has had {@code deadLetterAfter}. */
    private boolean failedEnough(List<Spooled> events) {
        boolean enough = false;
        for (Spooled e : events) {
            enough |= failedAnswers.merge(e.file(), 1, Integer::sum) >= deadLetterAfter;
        }
        return enough;
    }

    /**
     * SENT: stored. REFUSED: the event itself is refused, resending will not help. FAILED: daqhub answered 5xx.
     * LATER: unreachable, or an answer about daqhub rather than the event (404 while it starts, 401/403, 429).
     */
    private enum Delivery { SENT, REFUSED, FAILED, LATER }

    /** daqhub's answer to one request (status 0 and no body when it did not answer). */
    private record Answer(Delivery delivery, int status, String body) {}

    private Answer postBatch(List<Spooled> events) {
        String body = "[" + String.join(",", events.stream().map(Spooled::json).toList()) + "]";
        return send(batchEndpoint, body, events.size(), Duration.ofSeconds(30));
    }

    /** One request. */
    private Answer send(URI uri, String body, int events, Duration timeout) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json");
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            if (status == 401 || status == 403) {
                if (!refusedLogged) {
                    refusedLogged = true;
                    LOG.warning("daqhub at " + uri + " answered " + status + (status == 401
                            ? (authorization == null ? ": it needs an API token (DAQHUB_TOKEN or Monitor.builder().token)"
                                    : ": the token is not valid (revoked?)")
                            : ": the token's role may not send events (it needs operator)")
                            + "; events stay spooled until this is mended");
                }
            } else {
                refusedLogged = false;
            }
            if (status / 100 == 2) {
                sent.addAndGet(events);
                return new Answer(Delivery.SENT, status, r.body());
            }
            Delivery d = REFUSED.contains(status) ? Delivery.REFUSED : status / 100 == 5 ? Delivery.FAILED : Delivery.LATER;
            return new Answer(d, status, r.body());
        } catch (IOException e) {
            return new Answer(Delivery.LATER, 0, ""); // unreachable: never counts towards the dead-letter file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Delivery.LATER, 0, "");
        }
    }

    /**
     * An event after the suspects was stored, so daqhub works: each suspect goes alone once more, and one that
     * still fails is the event's fault and goes to the dead-letter file. One stored now (daqhub recovered
     * between the two) arrives late rather than being dead-lettered. False to stop the drain.
     */
    private boolean deadLetterSuspects(List<Spooled> suspects) {
        for (Iterator<Spooled> it = suspects.iterator(); it.hasNext();) {
            Spooled e = it.next();
            Answer a = send(endpoint, e.json(), 1, Duration.ofSeconds(5));
            switch (a.delivery()) {
                case SENT -> remove(e.file());
                case LATER -> {
                    return false;
                }
                default -> {
                    if (!moveToDeadLetter(e, a)) {
                        return false;
                    }
                }
            }
            it.remove();
        }
        return true;
    }

    private boolean moveToDeadLetter(Spooled e, Answer a) {
        if (!writeDeadLetter(e.json(), a)) {
            return false;
        }
        remove(e.file());
        return true;
    }

    /**
     * Appends the event with daqhub's answer to the dead-letter file, counted and logged once; false (the event
     * stays where it is) if the file cannot be written.
     */
    private boolean writeDeadLetter(String json, Answer a) {
        ObjectNode line = JSON.createObjectNode();
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            event = JSON.getNodeFactory().textNode(json); // not JSON: kept as it was
        }
        line.set("event", event);
        line.put("status", a.status());
        line.put("answer", a.body());
        line.put("at", Instant.now().toString());
        Path file = spool.resolve(DEAD_LETTER);
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "dead-letter file " + file + " cannot be written; the event stays", e);
            return false;
        }
        deadLettered.incrementAndGet();
        LOG.warning("event " + event.path("idempotency_key").asText("?") + " moved to " + file + ", daqhub answered "
                + a.status() + ": " + a.body());
        return true;
    }

    private void remove(Path p) {
        failedAnswers.remove(p);
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
     * 401/403 until the credentials are fixed, 429, 5xx) keeps it for later; 5xx only up to the dead-letter rule.
     */
    private static final java.util.Set<Integer> REFUSED = java.util.Set.of(400, 413, 415, 422);

    /**
     * Posts one event, retrying with backoff; true once it is out of the spool's concern (stored, or refused
     * for good and in the dead-letter file: resending a bad event will not help).
     */
    private boolean post(String json, int attempts) {
        Duration backoff = firstBackoff;
        for (int i = 0; i < attempts; i++) {
            Answer a = send(endpoint, json, 1, Duration.ofSeconds(5));
            if (a.delivery() == Delivery.SENT) {
                return true;
            }
            if (a.delivery() == Delivery.REFUSED) {
                return writeDeadLetter(json, a);
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
    public long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public void close() {
        closed = true;
        drainer.interrupt();
        drain();
    }
}
