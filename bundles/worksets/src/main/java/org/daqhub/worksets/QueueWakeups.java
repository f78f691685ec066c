package org.daqhub.worksets;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes claimers waiting for work when a workset becomes ready on any node: one connection LISTENs on
 * {@code daqhub_worksets_ready} (a trigger NOTIFYs it), and every notification advances a generation that
 * waiters block on. Without the connection (the database restarting) waiters fall back to polling once a second.
 */
final class QueueWakeups implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWakeups.class);
    static final String CHANNEL = "daqhub_worksets_ready";
    private static final long POLL_WITHOUT_LISTENER_MS = 1000;
    private final DataSource db;
    private final Thread listener;
    private final Object signal = new Object();
    private long generation;
    private volatile boolean listening;
    private volatile boolean closed;

    QueueWakeups(DataSource db) {
        this.db = db;
        listener = new Thread(this::listen, "daqhub-worksets-listen");
        listener.setDaemon(true);
        listener.start();
    }

    /** The generation now: read it before trying to claim, then {@link #awaitAfter} it, so no wake-up is missed. */
    long generation() {
        synchronized (signal) {
            return generation;
        }
    }

    /** Waits until a wake-up after {@code seen}, at most {@code millis} (and at most a second while not listening). */
    void awaitAfter(long seen, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (signal) {
            while (generation == seen && !closed) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                signal.wait(listening ? left : Math.min(left, POLL_WITHOUT_LISTENER_MS));
                if (!listening) {
                    return; // polling: let the caller try again
                }
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            generation++;
            signal.notifyAll();
        }
    }

    private void listen() {
        long backoff = 500;
        while (!closed) {
            try (Connection c = db.getConnection()) {
                try {
                    try (Statement st = c.createStatement()) {
                        st.execute("LISTEN " + CHANNEL);
                    }
                    PGConnection pg = c.unwrap(PGConnection.class);
                    listening = true;
                    backoff = 500;
                    wake(); // whatever became ready while not listening
                    long quietSince = System.nanoTime();
                    while (!closed) {
                        PGNotification[] n = pg.getNotifications(500);
                        if (n != null && n.length > 0) {
                            wake();
                            quietSince = System.nanoTime();
                        } else if (System.nanoTime() - quietSince > 5_000_000_000L) {
                            try (Statement st = c.createStatement()) { // a half-open connection shows here
                                st.execute("SELECT 1");
                            }
                            quietSince = System.nanoTime();
                        }
                    }
                } finally {
                    try (Statement st = c.createStatement()) { // the pooled connection goes back unsubscribed
                        st.execute("UNLISTEN *");
                    } catch (SQLException ignored) {
                        // the connection is broken: the pool discards it
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn(listening ? "daqhub worksets: lost the LISTEN connection ({}); waiting claimers poll until it is back"
                        : "daqhub worksets: cannot LISTEN for ready worksets ({}); waiting claimers poll once a second",
                        e.toString());
                listening = false;
                wake();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    boolean listening() {
        return listening;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        wake();
    }
}
