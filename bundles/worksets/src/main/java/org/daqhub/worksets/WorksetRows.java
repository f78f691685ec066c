package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading workset rows and their history into the API's records. */
final class WorksetRows {
    static final ObjectMapper JSON = new ObjectMapper();

    private WorksetRows() {
    }

    static WorksetViews.Workset read(Connection c, ResultSet rs, boolean withHistory) throws SQLException {
        String id = rs.getString("workset_id");
        double cost = rs.getDouble("estimated_cost");
        Double estimatedCost = rs.wasNull() ? null : cost;
        return new WorksetViews.Workset(id, rs.getString("state"), rs.getString("priority"), rs.getString("bucket"),
                rs.getString("prefix"), json(rs.getString("metadata")), estimatedCost, rs.getString("lock_owner"),
                iso(rs, "lock_acquired_at"), iso(rs, "lock_expires_at"), rs.getLong("fencing_token"),
                rs.getString("error_details"), rs.getString("error_category"), rs.getString("failed_step"),
                rs.getInt("retry_count"), rs.getInt("max_retries"), iso(rs, "retry_after"),
                rs.getString("preferred_cluster"), rs.getString("cluster_name"), json(rs.getString("metrics")),
                iso(rs, "created_at"), iso(rs, "updated_at"), withHistory ? history(c, id) : null);
    }

    static List<WorksetViews.HistoryEntry> history(Connection c, String id) throws SQLException {
        List<WorksetViews.HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT state, at, reason, actor, fencing_token FROM workset_history "
                + "WHERE workset_id = ? ORDER BY history_id")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorksetViews.HistoryEntry(rs.getString(1), iso(rs, "at"), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    static WorksetViews.Lease lease(ResultSet rs, String previousOwner) throws SQLException {
        return new WorksetViews.Lease(rs.getString("workset_id"), rs.getString("lock_owner"), rs.getLong("fencing_token"),
                iso(rs, "lock_acquired_at"), iso(rs, "lock_expires_at"), rs.getString("state"), previousOwner);
    }

    static String iso(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().toString();
    }

    static JsonNode json(String s) {
        try {
            return s == null ? JSON.createObjectNode() : JSON.readTree(s);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(s);
        }
    }
}
