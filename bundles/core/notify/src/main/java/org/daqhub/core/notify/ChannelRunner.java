package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Delivers one channel's outbox rows, oldest first (the loop is {@link OutboxRunner}'s). The oldest due row and the due rows of its group are taken FOR UPDATE SKIP LOCKED in a transaction that
 * also records the outcome, so two nodes never send the same row and a row is marked sent only once the channel
 * returned; a group goes as one message, rows a silence matches are recorded as silenced instead. A permanent refusal fails the
 * row at once; anything else is retried after 1, 2, 4 … s (capped) or the service's Retry-After, up to
 * {@code max.attempts}. Sends are spaced by the channel's {@code rate.per.s}.
 */
final class ChannelRunner extends OutboxRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    final NotificationChannel channel;
    final ChannelRoute route;
    private final NotifyConfigValues cfg;
    private long lastSendNanos;
    private long lastExpiry;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong silenced = new AtomicLong();
    private final Silences silences;

    ChannelRunner(String name, NotificationChannel channel, ChannelRoute route, DataSource db, NotifyConfigValues cfg,
            Silences silences) {
        super("channel", name, db, cfg.pollMillis(), 0, cfg.stopTimeoutMillis());
        this.silences = silences;
        this.channel = channel;
        this.route = route;
        this.cfg = cfg;
    }

    @Override
    Long idle() throws SQLException {
        repeatFiringAlerts();
        expireOld();
        Double due = secondsToNextDue();
        if (due == null) {
            return null;
        }
        // due now but not taken: another node holds it; look again soon, not at once
        return due <= 0 ? 250L : (long) Math.ceil(due * 1000);
    }

    /** One row taken from the outbox, with what the send needs. */
    private record Row(long id, int attempts, Notification notification) {
    }

    /**
     * Sends the oldest due row together with the due rows of its group (one message), or records them silenced.
     * Returns false when nothing was due.
     */
    @Override
    boolean deliverOne() throws SQLException, InterruptedException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Row> rows = new ArrayList<>();
                String group;
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM notify_outbox WHERE channel = ? AND state = "
                        + "'pending' AND next_attempt_at <= now() ORDER BY notification_id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                    st.setString(1, name);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return false;
                        }
                        rows.add(row(rs));
                        group = rs.getString("group_key");
                    }
                }
                // one sender per group: another node sending it now would otherwise split it in two messages
                try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(? || '|' || ?))")) {
                    st.setString(1, name);
                    st.setString(2, group);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                // a retried group is resent as it was first tried (the same members, the same key for the receiver's
                // duplicate check): rows that joined since wait for the next send
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM notify_outbox WHERE channel = ? AND group_key = ? "
                        + "AND state = 'pending' AND next_attempt_at <= now() AND notification_id <> ? AND attempts = ? "
                        + "ORDER BY notification_id LIMIT " + (MAX_GROUP - 1) + " FOR UPDATE SKIP LOCKED")) {
                    st.setString(1, name);
                    st.setString(2, group);
                    st.setLong(3, rows.get(0).id());
                    st.setInt(4, rows.get(0).attempts());
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            rows.add(row(rs));
                        }
                    }
                }
                List<Row> toSend = silenceWhatIsSilenced(c, rows);
                if (toSend.isEmpty()) {
                    c.commit();
                    return true;
                }
                pace();
                String outcome;
                Integer status = null;
                String error = null;
                Duration wait = null;
                int attempts = toSend.get(0).attempts();
                try {
                    channel.send(toSend.size() == 1 ? toSend.get(0).notification() : combine(toSend));
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
                long delayMs = retryDelayMillis(attempts, cfg.retryInitialMillis(), cfg.retryMaxMillis());
                if (wait != null) {
                    delayMs = Math.max(delayMs, wait.toMillis());
                }
                for (Row r : toSend) {
                    record(c, r.id(), outcome.equals("retry") ? "pending" : outcome, outcome, status, error, delayMs, null);
                }
                c.commit();
                count(outcome, toSend.size(), error, delayMs, toSend.get(0).id(), attempts);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static final int MAX_GROUP = 100;

    private Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("notification_id"), rs.getInt("attempts"), new Notification(rs.getString("severity"),
                rs.getString("subject"), rs.getString("body"), rs.getTimestamp("happened_at").toInstant(),
                attributes(rs.getString("attributes"), rs.getString("dedup_key"))));
    }

    /** Records the rows a silence in force matches as silenced (and by which); returns the others. */
    private List<Row> silenceWhatIsSilenced(Connection c, List<Row> rows) throws SQLException {
        List<Silences.Silence> active = silences.active(c);
        if (active.isEmpty()) {
            return rows;
        }
        List<Row> left = new ArrayList<>();
        for (Row r : rows) {
            Silences.Silence s = active.stream().filter(x -> x.matches(r.notification())).findFirst().orElse(null);
            if (s == null) {
                left.add(r);
            } else {
                record(c, r.id(), "silenced", "silenced", null, "silence " + s.id() + " by " + s.createdBy()
                        + (s.comment().isEmpty() ? "" : ": " + s.comment()), 0, s.id());
                silenced.incrementAndGet();
            }
        }
        return left;
    }

    private void record(Connection c, long id, String state, String outcome, Integer status, String error, long delayMs,
            Long silenceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE notify_outbox SET state = ?, attempts = attempts + "
                + "CASE WHEN ? = 'silenced' THEN 0 ELSE 1 END, last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN "
                // the clock after the answer, not the transaction's start: a Retry-After counts from the answer
                + "clock_timestamp() END, next_attempt_at = clock_timestamp() + make_interval(secs => ?), silence_id = ? "
                + "WHERE notification_id = ?")) {
            st.setString(1, state);
            st.setString(2, outcome);
            st.setString(3, error);
            st.setString(4, outcome);
            st.setDouble(5, delayMs / 1000.0);
            st.setObject(6, silenceId, java.sql.Types.BIGINT);
            st.setLong(7, id);
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
    }

    private void count(String outcome, int rows, String error, long delayMs, long firstId, int attempts) {
        switch (outcome) {
            case "sent" -> sent.addAndGet(rows);
            case "retry" -> {
                retried.addAndGet(rows);
                lastError = error;
                LOG.warn("daqhub notify: channel {}: notification {}{} not sent ({}); retry in {} ms", name, firstId,
                        rows > 1 ? " and " + (rows - 1) + " more of its group" : "", error, delayMs);
            }
            default -> {
                failed.addAndGet(rows);
                lastError = error;
                LOG.warn("daqhub notify: channel {}: notification {}{} failed for good after {} attempt(s): {}", name,
                        firstId, rows > 1 ? " and " + (rows - 1) + " more of its group" : "", attempts + 1, error);
            }
        }
    }

    private static final List<String> SEVERITY_ORDER = List.of("info", "warning", "critical");

    /**
     * A group as one notification: the highest severity, the first subject with the count, every member in the body,
     * the attributes all members share, and a key naming the members (for the receiver's idempotency check).
     */
    static Notification combine(List<Row> rows) {
        Notification first = rows.get(0).notification();
        String severity = first.severity();
        Map<String, String> common = new HashMap<>(first.attributes());
        StringBuilder body = new StringBuilder();
        java.time.Instant earliest = first.time();
        for (Row r : rows) {
            Notification n = r.notification();
            if (SEVERITY_ORDER.indexOf(n.severity()) > SEVERITY_ORDER.indexOf(severity)) {
                severity = n.severity();
            }
            if (n.time().isBefore(earliest)) {
                earliest = n.time();
            }
            common.entrySet().removeIf(e -> !e.getValue().equals(n.attributes().get(e.getKey())));
            body.append("- ").append(n.time()).append(' ').append(n.severity()).append(": ").append(n.subject());
            if (n.body() != null && !n.body().isBlank()) {
                body.append(" (").append(n.body().lines().findFirst().orElse("")).append(')');
            }
            body.append('\n');
        }
        common.put("notification_key", "group/" + first.attributes().get("notification_key") + "/+" + (rows.size() - 1));
        common.put("notification_count", String.valueOf(rows.size()));
        return new Notification(severity, "[" + rows.size() + "] " + first.subject() + " and " + (rows.size() - 1) + " more",
                body.toString(), earliest, common);
    }

    /**
     * Alertmanager's repeat_interval: a platform alert still firing (its newest row for this channel is a firing
     * one, and no resolve of it exists) is queued again once its route's repeat interval has passed since it was
     * sent, silenced or failed. The key
     * names the row it repeats, so two nodes doing this at once queue it once.
     */
    private void repeatFiringAlerts() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO notify_outbox "
                + "(dedup_key, channel, route, group_key, repeat_s, alert_id, severity, subject, body, happened_at, attributes) "
                + "SELECT o.alert_id || '/repeat-of/' || o.notification_id, o.channel, o.route, o.group_key, o.repeat_s, "
                + "o.alert_id, o.severity, o.subject, o.body, o.happened_at, o.attributes FROM notify_outbox o "
                + "WHERE o.channel = ? AND o.alert_id IS NOT NULL AND o.repeat_s > 0 AND o.state IN ('sent', 'silenced', "
                + "'failed') AND o.attributes->>'status' = 'firing' AND COALESCE(o.sent_at, o.next_attempt_at) < now() - "
                + "make_interval(secs => o.repeat_s) AND NOT EXISTS (SELECT 1 FROM notify_outbox l WHERE l.channel = "
                + "o.channel AND l.alert_id = o.alert_id AND l.notification_id > o.notification_id) "
                // resolved on any channel (a repeat racing the resolve can draw the higher id): it stops
                + "AND NOT EXISTS (SELECT 1 FROM notify_outbox r WHERE r.alert_id = o.alert_id AND r.attributes->>'status' "
                + "= 'resolved' AND r.happened_at >= o.happened_at) "
                + "ON CONFLICT (dedup_key, channel) DO NOTHING")) {
            st.setString(1, name);
            int n = st.executeUpdate();
            if (n > 0) {
                LOG.info("daqhub notify: channel {}: {} alert(s) still firing, sent again (repeat interval)", name, n);
            }
        }
    }

    /** Once an hour: what is done (sent, failed, silenced) and older than retention.days goes, with its audit. */
    private void expireOld() throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lastExpiry < 3_600_000) {
            return;
        }
        lastExpiry = now;
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("DELETE FROM notify_outbox WHERE "
                + "channel = ? AND state <> 'pending' AND created_at < now() - make_interval(days => ?)")) {
            st.setString(1, name);
            st.setInt(2, cfg.retentionDays());
            int n = st.executeUpdate();
            if (n > 0) {
                LOG.info("daqhub notify: channel {}: {} notification(s) older than {} days removed", name, n, cfg.retentionDays());
            }
        }
    }

    /** Seconds until this channel's next pending row is due (a group waiting out its group wait), or null. */
    private Double secondsToNextDue() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT extract(epoch FROM "
                + "min(next_attempt_at) - now()) FROM notify_outbox WHERE channel = ? AND state = 'pending'")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                double d = rs.getDouble(1);
                return rs.wasNull() ? null : d;
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
