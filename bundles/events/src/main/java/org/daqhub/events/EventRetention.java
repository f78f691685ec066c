package org.daqhub.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.config.Settings;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the monitoring tables bounded: with {@code retention.days} > 0 (etc/org.daqhub.events.cfg), events older
 * than that, and jobs and subjobs that ended before it, are deleted every {@code retention.interval.min} minutes,
 * in chunks of 10,000 rows so ingestion never waits long on the purge. Off (0) by default: nothing is deleted
 * unless an operator asks for it.
 */
@Component(name = "org.daqhub.events.retention", configurationPid = "org.daqhub.events",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = RuntimeStatus.class)
public class EventRetention implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final int CHUNK = 10_000;

    private final Database database;
    private final int days;
    private final ScheduledExecutorService timer;
    final AtomicLong purged = new AtomicLong();
    private volatile String lastError = "";

    @Activate
    public EventRetention(@Reference Database database, Map<String, Object> props) {
        this.database = database;
        Settings s = Settings.of(props);
        days = s.intValue("retention.days", 0, 0);
        int interval = s.intValue("retention.interval.min", 60, 1);
        if (days == 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daqhub-events-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::purgeNow, 1, interval, TimeUnit.MINUTES);
        LOG.info("monitoring events: keeping {} days, purging every {} min", days, interval);
    }

    @Deactivate
    public void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void purgeNow() {
        try {
            purge(Instant.now().minus(Duration.ofDays(days)));
        } catch (SQLException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.warn("monitoring events: purge failed, next try in the next interval: {}", e.toString());
        }
    }

    /** Deletes events before {@code cutoff} and jobs/subjobs that ended before it; returns the rows deleted. */
    long purge(Instant cutoff) throws SQLException {
        Timestamp t = Timestamp.from(cutoff);
        long n = chunked("DELETE FROM event WHERE event_id IN (SELECT event_id FROM event WHERE at < ? LIMIT " + CHUNK + ")", t)
                + chunked("DELETE FROM subjob WHERE subjob_id IN (SELECT subjob_id FROM subjob WHERE ended_at < ? LIMIT "
                        + CHUNK + ")", t)
                + chunked("DELETE FROM job WHERE job_id IN (SELECT job_id FROM job WHERE ended_at < ? LIMIT " + CHUNK + ")", t);
        purged.addAndGet(n);
        lastError = "";
        if (n > 0) {
            LOG.info("monitoring events: deleted {} rows from before {}", n, cutoff);
        }
        return n;
    }

    private long chunked(String sql, Timestamp cutoff) throws SQLException {
        long total = 0;
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, cutoff);
            int n;
            do {
                n = st.executeUpdate(); // auto-commit: each chunk its own short transaction
                total += n;
            } while (n == CHUNK);
        }
        return total;
    }

    @Override
    public List<InstanceStatus> instances() {
        return List.of(new InstanceStatus("service", "events-retention", "org.daqhub.events.retention",
                days == 0 ? "OFF" : lastError.isEmpty() ? "RUNNING" : "BACKOFF", purged.get(), 0, 0, 0, 0, 0, 0, 0,
                lastError, 0, 0, 0));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }
}
