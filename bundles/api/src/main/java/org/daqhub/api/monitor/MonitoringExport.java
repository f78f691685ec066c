package org.daqhub.api.monitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's delivery of monitoring events to the installed {@link MonitoringIntegration}s. Events are queued in
 * the caller's own transaction (an outbox in the bookkeeping database), so what is committed reaches every
 * integration attached at that moment, across restarts and outages, and what is rolled back reaches none.
 */
@ProviderType
public interface MonitoringExport {
    /** Whether any integration is attached on this node; when none is, {@link #queue} does nothing. */
    boolean hasIntegrations();

    /**
     * Queues the events for every attached integration inside {@code transaction} (not in auto-commit: the caller
     * commits). Call {@link #wake()} after the commit so delivery starts at once rather than at the next poll.
     *
     * @return the number of integrations the events were queued for
     */
    int queue(Connection transaction, List<MonitoringEvent> events) throws SQLException;

    /** Something was committed: the runners look now. */
    void wake();

    /** Each integration's delivery, by name. */
    List<IntegrationState> integrations();

    /**
     * One integration's delivery.
     *
     * @param state     {@code healthy}, or {@code degraded} while events wait or the last export failed
     * @param exported  events delivered since daqhub started
     * @param failures  failed export calls since daqhub started
     * @param pending   events waiting in the outbox for it (on every node)
     * @param refused   events the target refused for good ({@link MonitoringIntegration#refused()})
     * @param lastError the last export's error, empty once one succeeded
     */
    record IntegrationState(String name, String type, String state, long exported, long failures, long pending,
            long refused, String lastError) {
    }
}
