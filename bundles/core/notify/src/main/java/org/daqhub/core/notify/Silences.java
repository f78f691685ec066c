package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.daqhub.api.notify.Notification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Silences, as in Alertmanager: matchers and a time window; a notification due for sending while one matches is
 * recorded as silenced (with the silence) instead of sent. Kept in the bookkeeping database, so every node and a
 * restart see the same ones; expiring a silence ends it now and keeps it for the record.
 */
final class Silences {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource db;

    record Silence(long id, Map<String, List<String>> matchers, Instant startsAt, Instant endsAt, String createdBy,
            String comment) {
        boolean matches(Notification n) {
            return new Matchers(matchers).matches(n);
        }

        boolean activeAt(Instant t) {
            return !t.isBefore(startsAt) && t.isBefore(endsAt);
        }
    }

    Silences(DataSource db) {
        this.db = db;
    }

    Silence add(Matchers m, Instant startsAt, Instant endsAt, String by, String comment) {
        if (m.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher (it would silence everything)");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence ends after it starts: " + startsAt + " .. " + endsAt);
        }
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO notify_silence "
                + "(matchers, starts_at, ends_at, created_by, comment) VALUES (?::jsonb, ?, ?, ?, ?) RETURNING silence_id")) {
            st.setString(1, JSON.writeValueAsString(m.globs()));
            st.setTimestamp(2, Timestamp.from(startsAt));
            st.setTimestamp(3, Timestamp.from(endsAt));
            st.setString(4, by);
            st.setString(5, comment == null ? "" : comment);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Silence(rs.getLong(1), m.globs(), startsAt, endsAt, by, comment == null ? "" : comment);
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("storing the silence failed: " + e.getMessage(), e);
        }
    }

    /** Active and future silences, or also the expired ones; newest first. */
    List<Silence> list(boolean withExpired) {
        return query("SELECT * FROM notify_silence" + (withExpired ? "" : " WHERE ends_at > now()") + " ORDER BY silence_id DESC");
    }

    /** The silences in force now (on the database's clock, like leases), on the caller's connection. */
    List<Silence> active(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM notify_silence WHERE starts_at <= now() AND ends_at > now()");
                ResultSet rs = st.executeQuery()) {
            return rows(rs);
        }
    }

    /** Ends a silence now; false if there is none of that id still in force or to come. */
    boolean expire(long id) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE notify_silence SET ends_at = now() WHERE silence_id = ? AND ends_at > now()")) {
            st.setLong(1, id);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("expiring silence " + id + " failed: " + e.getMessage(), e);
        }
    }

    private List<Silence> query(String sql) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            return rows(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("reading silences failed: " + e.getMessage(), e);
        }
    }

    private static List<Silence> rows(ResultSet rs) throws SQLException {
        List<Silence> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, List<String>> m;
            try {
                m = JSON.readValue(rs.getString("matchers"), new TypeReference<LinkedHashMap<String, List<String>>>() { });
            } catch (java.io.IOException e) {
                throw new SQLException("silence " + rs.getLong("silence_id") + " has unreadable matchers: " + e.getMessage(), e);
            }
            out.add(new Silence(rs.getLong("silence_id"), m, rs.getTimestamp("starts_at").toInstant(),
                    rs.getTimestamp("ends_at").toInstant(), rs.getString("created_by"), rs.getString("comment")));
        }
        return out;
    }
}
