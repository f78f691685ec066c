package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daqhub.api.notify.NotificationChannel;
import org.daqhub.testdb.TestDatabase;

/**
 * The real outbox on a real PostgreSQL for a channel's delivery test: fast retries and polling, channels added as
 * DS would add them, and the audit read back. {@link #restart()} is daqhub stopping and starting again.
 */
public final class OutboxHarness implements AutoCloseable {
    public static final Map<String, Object> FAST = Map.of("retry.initial.ms", "100", "retry.max.ms", "400",
            "poll.interval.ms", "50", "max.attempts", "5");
    private final TestDatabase db;
    private final Map<String, Object> config;
    private NotificationOutbox outbox;

    public OutboxHarness(Map<String, Object> config) {
        db = TestDatabase.fresh();
        this.config = config;
        outbox = new NotificationOutbox(db.bookkeeping(), config);
    }

    public OutboxHarness() {
        this(FAST);
    }

    public NotificationOutbox outbox() {
        return outbox;
    }

    public TestDatabase database() {
        return db;
    }

    /** The cfg of channel {@code name} of factory {@code pid}: key/value pairs after the name. */
    public static Map<String, Object> channel(String pid, String name, Object... kv) {
        Map<String, Object> p = new HashMap<>(Map.of("service.pid", pid + "~" + name, "rate.per.s", "100"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }

    public void add(NotificationChannel channel, Map<String, Object> props) {
        outbox.addChannel(channel, props);
    }

    /** daqhub stops (the runners finish the send in progress) and starts again over the same outbox. */
    public void restart() {
        outbox.deactivate();
        outbox = new NotificationOutbox(db.bookkeeping(), config);
    }

    /** Seconds between the first and the last attempt of one key, on the database's clock. */
    public double attemptSpanSeconds(String key) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT extract(epoch FROM max(a.at) - min(a.at)) FROM notify_attempt a JOIN notify_outbox o "
                        + "USING (notification_id) WHERE o.dedup_key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    /** The fast settings, but retrying for a minute: for tests where a receiver stays away a while. */
    public static Map<String, Object> patient() {
        Map<String, Object> m = new HashMap<>(FAST);
        m.put("max.attempts", "600");
        return m;
    }

    /** The audit of one key: outcome[:status] per attempt, oldest first. */
    public List<String> attempts(String key) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT a.outcome || COALESCE(':' || a.status_code, '') FROM notify_attempt a JOIN notify_outbox o "
                        + "USING (notification_id) WHERE o.dedup_key = ? ORDER BY a.attempt_id")) {
            st.setString(1, key);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Override
    public void close() {
        outbox.deactivate();
    }
}
