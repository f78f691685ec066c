package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Feeds one monitoring integration from the export outbox, oldest batch first: up to {@link #MAX_EVENTS} events of
 * consecutive batches go in one export call, in a transaction that holds the integration's advisory lock (one
 * sender per integration across nodes, so the order holds) and deletes the batches once the call returned. A
 * failed call leaves them, counts an attempt and waits 1, 2, 4 … s (capped) before the next try: accepted events
 * are retried until the integration takes them, never dropped.
 */
final class IntegrationRunner extends OutboxRunner {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationRunner.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_EVENTS = 500;
    static final int MAX_BATCHES = 100;
    final MonitoringIntegration integration;
    private final long retryInitialMillis;
    private final long retryMaxMillis;
    final AtomicLong exported = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    IntegrationRunner(String name, MonitoringIntegration integration, DataSource db, long pollMillis, long lingerMillis,
            long retryInitialMillis, long retryMaxMillis, long stopTimeoutMillis) {
        super("integration", name, db, pollMillis, lingerMillis, stopTimeoutMillis);
        this.integration = integration;
        this.retryInitialMillis = retryInitialMillis;
        this.retryMaxMillis = retryMaxMillis;
    }

    @Override
    boolean deliverOne() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext('export|' || ?))")) {
                    st.setString(1, name);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) { // another node is sending this integration's batches
                            c.rollback();
                            return false;
                        }
                    }
                }
                List<Long> ids = new ArrayList<>();
                List<MonitoringEvent> events = new ArrayList<>();
                int attempts = 0;
                try (PreparedStatement st = c.prepareStatement("SELECT batch_id, events, attempts, next_attempt_at <= now() "
                        + "FROM export_outbox WHERE integration = ? ORDER BY batch_id LIMIT " + MAX_BATCHES)) {
                    st.setString(1, name);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            if (ids.isEmpty()) {
                                if (!rs.getBoolean(4)) { // the oldest waits out its backoff: so does all behind it
                                    c.rollback();
                                    return false;
                                }
                                attempts = rs.getInt(3);
                            }
                            List<MonitoringEvent> batch;
                            try {
                                batch = fromJson(rs.getString(2));
                            } catch (IllegalStateException unreadable) {
                                if (!ids.isEmpty()) {
                                    break; // send what comes before it first
                                }
                                setAside(c, rs.getLong(1), rs.getString(2), unreadable);
                                c.commit();
                                return true;
                            }
                            if (!ids.isEmpty() && events.size() + batch.size() > MAX_EVENTS) {
                                break;
                            }
                            ids.add(rs.getLong(1));
                            events.addAll(batch);
                        }
                    }
                }
                if (ids.isEmpty()) {
                    c.rollback();
                    return false;
                }
                Long[] idArray = ids.toArray(Long[]::new);
                try {
                    integration.export(events);
                } catch (Exception e) {
                    failed(c, idArray, attempts, e);
                    c.commit();
                    return false; // wait out the backoff rather than spin
                }
                try (PreparedStatement st = c.prepareStatement("DELETE FROM export_outbox WHERE batch_id = ANY (?)")) {
                    st.setArray(1, c.createArrayOf("bigint", idArray));
                    st.executeUpdate();
                }
                c.commit();
                exported.addAndGet(events.size());
                if (!lastError.isEmpty()) {
                    LOG.info("daqhub delivery: integration {} is back; delivering again", name);
                    lastError = "";
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * A batch that cannot be read back (never written so by daqhub) would hold up every batch behind it for ever: its
     * text goes to the log at ERROR, so nothing is lost without a trace, and the row is removed.
     */
    private void setAside(Connection c, long id, String text, Exception why) throws SQLException {
        LOG.error("daqhub delivery: integration {}: export batch {} is not readable ({}); removed from the outbox, its "
                + "text: {}", name, id, why.getMessage(), text);
        try (PreparedStatement st = c.prepareStatement("DELETE FROM export_outbox WHERE batch_id = ?")) {
            st.setLong(1, id);
            st.executeUpdate();
        }
    }

    private void failed(Connection c, Long[] ids, int attempts, Exception e) throws SQLException {
        long delay = retryDelayMillis(attempts, retryInitialMillis, retryMaxMillis);
        String error = e.toString();
        boolean first = lastError.isEmpty();
        lastError = error; // before the count, so a status read between the two never shows a failure without its error
        failures.incrementAndGet();
        try (PreparedStatement st = c.prepareStatement("UPDATE export_outbox SET attempts = attempts + 1, last_error = ?, "
                + "next_attempt_at = clock_timestamp() + make_interval(secs => ?) WHERE batch_id = ?")) {
            st.setString(1, error);
            st.setDouble(2, delay / 1000.0);
            st.setLong(3, ids[0]); // the oldest batch carries the backoff; the others wait behind it
            st.executeUpdate();
        }
        if (first) {
            LOG.warn("daqhub delivery: integration {} failed ({}); its events wait in the outbox, retried after {} ms and "
                    + "backing off up to {} ms", name, error, delay, retryMaxMillis);
        }
    }

    @Override
    Long idle() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT extract(epoch FROM "
                + "next_attempt_at - now()) FROM export_outbox WHERE integration = ? ORDER BY batch_id LIMIT 1")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double s = rs.getDouble(1);
                // due but not taken: another node sends it; look again soon, not at once
                return s <= 0 ? 250L : (long) Math.ceil(s * 1000);
            }
        }
    }

    /**
     * healthy, or degraded while the last export failed or events wait that were tried already or are older than a
     * few seconds (a batch waiting out its linger is the normal course, not a problem).
     */
    String state(boolean stuck) {
        return stuck || !lastError.isEmpty() ? "degraded" : "healthy";
    }

    long refused() {
        try {
            return integration.refused();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String toJson(List<MonitoringEvent> events) {
        List<Map<String, Object>> maps = new ArrayList<>(events.size());
        for (MonitoringEvent e : events) {
            maps.add(e.toMap());
        }
        try {
            return JSON.writeValueAsString(maps);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("monitoring events not serialisable: " + e.getMessage(), e);
        }
    }

    static List<MonitoringEvent> fromJson(String json) {
        try {
            List<MonitoringEvent> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                out.add(fromJson(n));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an export batch is not readable: " + e.getMessage(), e);
        }
    }

    static MonitoringEvent fromJson(JsonNode n) {
        Map<String, Object> attrs = JSON.convertValue(n.get("attributes"), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return new MonitoringEvent(n.get("kind").asText(), n.get("entity").asText(), n.get("key").asText(),
                n.path("status").asText(""), Instant.parse(n.get("time").asText()), attrs);
    }
}
