package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction only where one is needed (a change that is also told to the notification outbox): auto-commit is
 * off from {@link #beginIf} until {@link #end}, which rolls back whatever was not committed. Without one, a
 * change stays a single auto-committed statement, one round trip.
 */
final class Transaction {
    private final Connection c;
    private final boolean on;
    private boolean committed;

    private Transaction(Connection c, boolean on) {
        this.c = c;
        this.on = on;
    }

    static Transaction beginIf(Connection c, boolean needed) throws SQLException {
        if (needed) {
            c.setAutoCommit(false);
        }
        return new Transaction(c, needed);
    }

    void commit() throws SQLException {
        if (on) {
            c.commit();
            committed = true;
        }
    }

    void end() throws SQLException {
        if (on) {
            if (!committed) {
                c.rollback();
            }
            c.setAutoCommit(true);
        }
    }
}
