package org.daqhub.core.notify;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one target's rows of an outbox in PostgreSQL on a thread of its own, so a slow or failing target never
 * delays another: the platform's one delivery loop, for notification channels and monitoring integrations alike.
 * A subclass takes and sends what is due ({@link #deliverOne}); this class polls, wakes, waits while the database is
 * away (saying so once), and stops only after the send in progress, whose outcome is recorded, so an orderly stop
 * sends nothing twice. Retries wait {@link #retryDelayMillis}: 1, 2, 4 … times the first delay, capped, counted
 * from the attempts stored with the row (so a restart does not start the backoff over).
 */
abstract class OutboxRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRunner.class);
    final String name;
    final DataSource db;
    private final String what;
    private final long pollMillis;
    private final long lingerMillis;
    private final long stopTimeoutMillis;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private boolean outboxUnreadable;
    private boolean idleFailing;
    volatile String lastError = "";

    /**
     * {@code what} names the target in log lines and the thread's name ("channel", "integration"); after a wake the
     * runner waits {@code lingerMillis} before it looks, so that what arrives meanwhile goes in the same send.
     */
    OutboxRunner(String what, String name, DataSource db, long pollMillis, long lingerMillis, long stopTimeoutMillis) {
        this.what = what;
        this.lingerMillis = lingerMillis;
        this.name = name;
        this.db = db;
        this.pollMillis = pollMillis;
        this.stopTimeoutMillis = stopTimeoutMillis;
        thread = new Thread(this, "daqhub-" + what + "-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something was queued for this target: look now rather than at the next poll. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    void stop() {
        running = false;
        wake();
        try {
            thread.join(stopTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes what is due and sends it, recording the outcome in the same transaction. Returns false when nothing was
     * due (the loop then waits).
     */
    abstract boolean deliverOne() throws SQLException, InterruptedException;

    /** Housekeeping while nothing is due; returns the milliseconds until something is due, or null for the poll. */
    abstract Long idle() throws SQLException;

    /** The wait before the retry after {@code attempts} failed attempts. */
    static long retryDelayMillis(int attempts, long initialMillis, long maxMillis) {
        return Math.min(maxMillis, initialMillis << Math.min(attempts, 30));
    }

    @Override
    public final void run() {
        while (running) {
            boolean didOne;
            try {
                didOne = deliverOne();
                if (outboxUnreadable) {
                    outboxUnreadable = false;
                    LOG.info("daqhub delivery: {} {}: its outbox is readable again; delivering", what, name);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) { // the database is away: try again at the next poll, saying so once
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!outboxUnreadable) {
                    LOG.warn("daqhub delivery: {} {}: cannot read its outbox ({}); trying every {} ms", what, name,
                            e.toString(), pollMillis);
                }
                outboxUnreadable = true;
                didOne = false;
            }
            if (!didOne) {
                long waitMs = pollMillis;
                try {
                    Long due = idle();
                    if (due != null) {
                        waitMs = Math.min(waitMs, Math.max(20, due));
                    }
                    idleFailing = false;
                } catch (SQLException e) {
                    if (!idleFailing && !outboxUnreadable) {
                        LOG.warn("daqhub delivery: {} {}: housekeeping failed: {}", what, name, e.getMessage());
                    }
                    idleFailing = true;
                }
                boolean wasWoken;
                synchronized (signal) {
                    if (!woken && running) {
                        try {
                            signal.wait(waitMs);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    wasWoken = woken;
                    woken = false;
                }
                if (wasWoken && lingerMillis > 0 && running) {
                    try {
                        Thread.sleep(lingerMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }
}
