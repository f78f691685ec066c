package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.daqhub.api.notify.DeliveryException;
import org.daqhub.api.notify.Notification;
import org.daqhub.api.notify.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Delivers one channel's outbox rows, oldest first, on a thread of its own (a failing channel never delays the
 * others). Each row is taken FOR UPDATE SKIP LOCKED in a transaction that also records the outcome, so two nodes
 * never send the same row and a row is marked sent only once the channel returned. A permanent refusal fails the
 * row at once; anything else is retried after 1, 2, 4 … s (capped) or the service's Retry-After, up to
 * {@code max.attempts}. Sends are spaced by the channel's {@code rate.per.s}.
 */
final class ChannelRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    final String name;
    final NotificationChannel channel;
    final ChannelRoute route;
    private final DataSource db;
    private final NotifyConfigValues cfg;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private long lastSendNanos;
    private boolean outboxUnreadable;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile String lastError = "";

    ChannelRunner(String name, NotificationChannel channel, ChannelRoute route, DataSource db, NotifyConfigValues cfg) {
        this.name = name;
        this.channel = channel;
        this.route = route;
        this.db = db;
        this.cfg = cfg;
        thread = new Thread(this, "daqhub-notify-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something was queued for this channel: look now rather than at the next poll. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops after the send in progress (whose outcome is recorded), so an orderly stop sends nothing twice. */
    void stop() {
        running = false;
        wake();
        try {
            thread.join(cfg.stopTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            boolean didOne;
            try {
                didOne = deliverOne();
                if (outboxUnreadable) {
                    outboxUnreadable = false;
                    LOG.info("daqhub notify: channel {}: its outbox is readable again; delivering", name);
                }
            } catch (Exception e) { // the database is away: try again at the next poll, saying so once
                lastError = e.getMessage();
                if (!outboxUnreadable) {
                    LOG.warn("daqhub notify: channel {}: cannot read its outbox ({}); trying every {} ms", name,
                            e.toString(), cfg.pollMillis());
                }
                outboxUnreadable = true;
                didOne = false;
            }
            if (!didOne) {
                synchronized (signal) {
                    if (!woken && running) {
                        try {
                            signal.wait(cfg.pollMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    woken = false;
                }
            }
        }
    }

    private boolean deliverOne() throws SQLException, InterruptedException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                int attempts;
                Notification n;
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM notify_outbox WHERE channel = ? AND state = "
                        + "'pending' AND next_attempt_at <= now() ORDER BY notification_id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                    st.setString(1, name);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return false;
                        }
                        id = rs.getLong("notification_id");
                        attempts = rs.getInt("attempts");
                        n = new Notification(rs.getString("severity"), rs.getString("subject"), rs.getString("body"),
                                rs.getTimestamp("happened_at").toInstant(), attributes(rs.getString("attributes"),
                                        rs.getString("dedup_key")));
                    }
                }
                pace();
                String outcome;
                Integer status = null;
                String error = null;
                Duration wait = null;
                try {
                    channel.send(n);
                    outcome = "sent";
                } catch (DeliveryException e) {
                    status = e.status() == 0 ? null : e.status();
                    error = e.getMessage();
                    outcome = e.permanent() || attempts + 1 >= cfg.maxAttempts() ? "failed" : "retry";
                    wait = e.retryAfter();
                } catch (Exception e) {
                    error = e.toString();
                    outcome = attempts + 1 >= cfg.maxAttempts() ? "failed" : "retry";
                }
                long delayMs = Math.min(cfg.retryMaxMillis(), cfg.retryInitialMillis() << Math.min(attempts, 30));
                if (wait != null) {
                    delayMs = Math.max(delayMs, wait.toMillis());
                }
                try (PreparedStatement st = c.prepareStatement("UPDATE notify_outbox SET state = ?, attempts = attempts + 1, "
                        + "last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN now() END, next_attempt_at = now() + "
                        + "make_interval(secs => ?) WHERE notification_id = ?")) {
                    st.setString(1, outcome.equals("retry") ? "pending" : outcome);
                    st.setString(2, error);
                    st.setString(3, outcome);
                    st.setDouble(4, delayMs / 1000.0);
                    st.setLong(5, id);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("INSERT INTO notify_attempt (notification_id, channel, outcome, "
                        + "status_code, error) VALUES (?, ?, ?, ?, ?)")) {
                    st.setLong(1, id);
                    st.setString(2, name);
                    st.setString(3, outcome);
                    st.setObject(4, status, java.sql.Types.INTEGER);
                    st.setString(5, error);
                    st.executeUpdate();
                }
                c.commit();
                switch (outcome) {
                    case "sent" -> sent.incrementAndGet();
                    case "retry" -> {
                        retried.incrementAndGet();
                        lastError = error;
                        LOG.warn("daqhub notify: channel {}: notification {} not sent ({}); retry in {} ms", name, id, error, delayMs);
                    }
                    default -> {
                        failed.incrementAndGet();
                        lastError = error;
                        LOG.warn("daqhub notify: channel {}: notification {} failed for good after {} attempt(s): {}", name,
                                id, attempts + 1, error);
                    }
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** At most rate.per.s sends. */
    private void pace() throws InterruptedException {
        long gapNanos = (long) (1e9 / route.ratePerSecond());
        long wait = lastSendNanos + gapNanos - System.nanoTime();
        if (lastSendNanos != 0 && wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        lastSendNanos = System.nanoTime();
    }

    /** The stored attributes, and the outbox key as {@code notification_key} (a receiver can drop repeats by it). */
    private static Map<String, String> attributes(String json, String key) {
        Map<String, String> out = new HashMap<>();
        try {
            JsonNode n = JSON.readTree(json);
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (java.io.IOException e) {
            out.put("attributes", json);
        }
        out.put("notification_key", key);
        return out;
    }
}
