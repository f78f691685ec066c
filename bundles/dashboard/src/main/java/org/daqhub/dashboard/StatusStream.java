package org.daqhub.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard's one live stream per browser tab (server-sent events): every interval one {@code status} event
 * with every instance's counters and, when something was logged, one {@code log} event with the new lines; the same
 * bytes for every tab (serialised once per tick). A tab that cannot keep
 * up or went away is dropped at its first failed write; the browser's EventSource reconnects by itself. Writes block:
 * a tab whose connection stalls (its receive window full) holds the others up until Jetty's idle timeout drops it.
 */
final class StatusStream {
    private static final Logger LOG = LoggerFactory.getLogger(StatusStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AsyncContext> clients = new CopyOnWriteArrayList<>();
    private final Supplier<Map<String, Object>> snapshot;
    private final ScheduledExecutorService ticker;
    private final int maxClients;
    final AtomicLong events = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    private final LogTail log;

    StatusStream(Supplier<Map<String, Object>> snapshot, LogTail log, long intervalMillis, int maxClients) {
        this.snapshot = snapshot;
        this.log = log;
        this.maxClients = maxClients;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-dashboard-stream");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A new tab: false when {@code max.streams} are served already. It gets the current status at once. */
    synchronized boolean add(AsyncContext client) {
        if (clients.size() >= maxClients) {
            return false;
        }
        client.setTimeout(0); // open until the tab goes
        clients.add(client);
        ticker.execute(() -> {
            byte[] first = event();
            if (first != null) {
                send(client, first);
            }
            byte[] lines = logEvent(log.recent());
            if (lines != null) {
                send(client, lines);
            }
        });
        return true;
    }

    boolean full() {
        return clients.size() >= maxClients;
    }

    int clients() {
        return clients.size();
    }

    private byte[] event() {
        try {
            return ("event: status\ndata: " + JSON.writeValueAsString(snapshot.get()) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.warn("daqhub dashboard: status snapshot failed: {}", e.toString());
            return null;
        }
    }

    /** A {@code log} event with these lines, or null for none. */
    private static byte[] logEvent(List<Map<String, Object>> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return ("event: log\ndata: " + JSON.writeValueAsString(lines) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private void tick() {
        List<Map<String, Object>> lines = log.drain(); // drained also without tabs: a new tab gets recent() instead
        if (clients.isEmpty()) {
            return;
        }
        byte[] event = event();
        if (event != null) {
            clients.forEach(c -> send(c, event));
        }
        byte[] logged = logEvent(lines);
        if (logged != null) {
            clients.forEach(c -> send(c, logged));
        }
    }

    private void send(AsyncContext client, byte[] event) {
        try {
            ServletOutputStream out = client.getResponse().getOutputStream();
            out.write(event);
            out.flush();
            events.incrementAndGet();
            bytes.addAndGet(event.length);
        } catch (IOException | RuntimeException e) { // the tab went away
            clients.remove(client);
            dropped.incrementAndGet();
            try {
                client.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
        }
    }

    void close() {
        ticker.shutdownNow();
        for (AsyncContext c : clients) {
            try {
                c.complete();
            } catch (RuntimeException ignored) {
                // the container closed it first
            }
        }
        clients.clear();
    }
}
