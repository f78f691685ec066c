package org.daqhub.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.ChannelRunnerConfig;
import org.daqhub.api.notify.Notification;
import org.daqhub.api.notify.NotificationChannel;
import org.daqhub.api.notify.Notifier;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The platform's notification delivery, once for every channel: {@link #notify} writes the notification into a
 * PostgreSQL outbox for each channel whose route accepts it (one row per key and channel, so a repeat is dropped),
 * and a {@link ChannelRunner} per channel sends from there. Rows of a channel that is not installed wait for it.
 */
@Component(name = "org.daqhub.notify", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { Notifier.class, org.daqhub.api.notify.ChannelRegistry.class, NotificationOutbox.class, RuntimeStatus.class })
@Designate(ocd = NotifyConfig.class)
public class NotificationOutbox implements Notifier, org.daqhub.api.notify.ChannelRegistry, RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> CHANNEL_KEYS = UnknownKeys.declared(ChannelRunnerConfig.class);
    private final DataSource db;
    private final NotifyConfigValues cfg;
    private final Map<String, ChannelRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, String> invalid = new ConcurrentHashMap<>();
    private final Map<ConfiguredRoute, RouteSpec> routes = new ConcurrentHashMap<>();
    private final RouteSpec rootRoute;
    private final Silences silences;
    private volatile RouteTree tree;
    private volatile boolean active = true;

    @Activate
    public NotificationOutbox(@Reference Database database, Map<String, Object> props) {
        database.migrate("notify", NotificationOutbox.class.getClassLoader());
        db = database.dataSource();
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(NotifyConfig.class))) {
            LOG.warn("etc/org.daqhub.notify.cfg: {}", problem);
        }
        cfg = NotifyConfigValues.read(props);
        rootRoute = RouteSpec.root(props);
        silences = new Silences(db);
        tree = new RouteTree(rootRoute, List.of());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addRoute(ConfiguredRoute route) {
        routes.put(route, route.spec);
        rebuild();
    }

    public void removeRoute(ConfiguredRoute route) {
        routes.remove(route);
        rebuild();
    }

    private synchronized void rebuild() {
        RouteTree t = new RouteTree(rootRoute, List.copyOf(routes.values()));
        t.orphans.forEach((name, why) -> LOG.error("daqhub notify: route {} is not used: {}", name, why));
        tree = t;
        LOG.info("daqhub notify: routes\n  {}", String.join("\n  ", t.describe()));
    }

    RouteTree routes() {
        return tree;
    }

    Silences silences() {
        return silences;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public synchronized void addChannel(NotificationChannel channel, Map<String, Object> props) {
        String name = Settings.instanceName(props);
        ChannelRoute route;
        try {
            route = ChannelRoute.read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub notify: channel {} not started: {}", name, e.getMessage());
            invalid.put(name, e.getMessage());
            return;
        }
        ChannelRunner old = runners.remove(name);
        if (old != null) {
            old.stop();
        }
        ChannelRunner r = new ChannelRunner(name, channel, route, db, cfg, silences);
        runners.put(name, r);
        invalid.remove(name);
        if (active) {
            r.start();
        }
        LOG.info("daqhub notify: channel {} delivering ({})", name, describe(route));
    }

    public synchronized void removeChannel(NotificationChannel channel, Map<String, Object> props) {
        String name = Settings.instanceName(props);
        ChannelRunner r = runners.get(name);
        if (r != null && r.channel == channel) {
            runners.remove(name);
            r.stop();
            LOG.info("daqhub notify: channel {} removed; what is queued for it waits in the outbox", name);
        }
        invalid.remove(name);
    }

    @Override
    public Attachment attach(NotificationChannel channel, Map<String, ?> config) {
        Map<String, Object> routing = routingOnly(config);
        addChannel(channel, routing);
        return () -> removeChannel(channel, routing);
    }

    /** The runner's keys and the instance's name: nothing of a channel's secrets is kept. */
    private static Map<String, Object> routingOnly(Map<String, ?> config) {
        Map<String, Object> out = new java.util.HashMap<>();
        config.forEach((k, v) -> {
            if (CHANNEL_KEYS.contains(k) || k.equals("service.pid") || k.equals("service.factoryPid")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The keys the platform reads from a channel's cfg (a channel's metatype declares them by extending the API's). */
    static java.util.Set<String> channelKeys() {
        return CHANNEL_KEYS;
    }

    private static String describe(ChannelRoute r) {
        return (r.severities().isEmpty() ? "every severity" : "severity " + String.join("|", r.severities()))
                + ", " + (r.eventTypes().isEmpty() ? "every event type" : "event type " + String.join("|", r.eventTypes()))
                + ", at most " + r.ratePerSecond() + "/s";
    }

    @Deactivate
    public synchronized void deactivate() {
        active = false;
        runners.values().forEach(ChannelRunner::stop);
    }

    @Override
    public int notify(String key, Notification n) {
        List<Target> targets = targets(key, n);
        if (targets.isEmpty()) {
            return 0;
        }
        try (Connection c = db.getConnection()) {
            return queue(c, key, n, targets, true);
        } catch (SQLException e) {
            throw new IllegalStateException("queueing notification " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int notify(Connection transaction, String key, Notification n) {
        List<Target> targets = targets(key, n);
        try {
            return targets.isEmpty() ? 0 : queue(transaction, key, n, targets, false);
        } catch (SQLException e) {
            throw new IllegalStateException("queueing notification " + key + " failed: " + e.getMessage(), e);
        }
    }

    private List<Target> targets(String key, Notification n) {
        if (key == null || key.isBlank() || key.length() > 512) {
            throw new IllegalArgumentException("a notification key is 1-512 characters, got '" + key + "'");
        }
        Map<String, Target> targets = new LinkedHashMap<>(); // a channel two routes name gets it once, by the first
        for (RouteTree.Route route : tree.route(n)) {
            List<String> names = route.channels().contains("*") ? new ArrayList<>(runners.keySet()) : route.channels();
            for (String ch : names) {
                ChannelRunner r = runners.get(ch);
                if (r == null && !invalid.containsKey(ch)) {
                    LOG.warn("daqhub notify: route {} names channel {}, which is not installed; its notifications wait "
                            + "for it in the outbox", route.name(), ch);
                }
                if ((r == null || r.route.accepts(n)) && !targets.containsKey(ch)) {
                    targets.put(ch, new Target(ch, route, route.groupKey(key, n)));
                }
            }
        }
        return List.copyOf(targets.values());
    }

    /** Where one notification goes: a channel, by a route, into a group. */
    record Target(String channel, RouteTree.Route route, String groupKey) {
    }

    /**
     * A test notification for one channel, whatever its matchers say: the operator's way to check a channel's
     * settings end to end. Returns the key it was queued under.
     */
    public String sendTest(String channel, String severity) {
        if (invalid.containsKey(channel)) {
            throw new IllegalArgumentException("channel '" + channel + "' is not running: " + invalid.get(channel));
        }
        if (!runners.containsKey(channel)) {
            throw new IllegalArgumentException("no channel named '" + channel + "'; channels: "
                    + (runners.isEmpty() ? "none installed" : String.join(", ", new java.util.TreeSet<>(runners.keySet()))));
        }
        if (!ChannelRoute.SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity '" + severity + "' is not one of info, warning, critical");
        }
        java.time.Instant now = java.time.Instant.now();
        String key = "test/" + channel + "/" + now;
        try (Connection c = db.getConnection()) {
            queue(c, key, new Notification(severity, "daqhub test notification", "Sent by daqhub:notification-test to check the "
                + "channel '" + channel + "'. Nothing is wrong.", now, Map.of("event_type", "test")),
                List.of(new Target(channel, new RouteTree.Route("test", List.of(channel), RouteSpec.EACH_ALONE, 0, 0, 0),
                        "test|" + key)), true);
        } catch (SQLException e) {
            throw new IllegalStateException("queueing the test notification failed: " + e.getMessage(), e);
        }
        return key;
    }

    /**
     * One statement for every target: a row joins its group's send still to come if there is one, else waits out
     * the group interval after the group's send now under way or its last one, else the route's group wait (0: due
     * at once).
     */
    private int queue(Connection c, String key, Notification n, List<Target> targets, boolean wake) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO notify_outbox "
                + "(dedup_key, channel, route, group_key, repeat_s, alert_id, severity, subject, body, happened_at, "
                + "attributes, next_attempt_at) SELECT ?, t.ch, t.route, t.gk, t.rep, ?, ?, ?, ?, ?, ?::jsonb, COALESCE("
                // join a send still to come; a group being sent now (its rows due) is followed after the interval
                + "(SELECT min(p.next_attempt_at) FROM notify_outbox p WHERE p.channel = t.ch AND p.group_key = t.gk "
                + "AND p.state = 'pending' AND p.next_attempt_at > now()), (SELECT now() + make_interval(secs => t.gi) "
                + "FROM notify_outbox d WHERE d.channel = t.ch AND d.group_key = t.gk AND d.state = 'pending' LIMIT 1), "
                + "(SELECT max(s.sent_at) + make_interval(secs => t.gi) FROM notify_outbox s "
                + "WHERE s.channel = t.ch AND s.group_key = t.gk AND s.state = 'sent' AND s.sent_at > now() - "
                + "make_interval(secs => t.gi)), now() + make_interval(secs => t.gw)) FROM unnest(?::varchar[], "
                + "?::varchar[], ?::varchar[], ?::float8[], ?::float8[], ?::float8[]) AS t(ch, route, gk, gw, gi, rep) "
                + "ON CONFLICT (dedup_key, channel) DO NOTHING RETURNING channel")) {
            st.setString(1, key);
            st.setString(2, n.attributes().get("alert_id"));
            st.setString(3, n.severity());
            st.setString(4, n.subject());
            st.setString(5, n.body() == null ? "" : n.body());
            st.setTimestamp(6, Timestamp.from(n.time()));
            st.setString(7, JSON.writeValueAsString(n.attributes()));
            st.setArray(8, c.createArrayOf("varchar", targets.stream().map(Target::channel).toArray()));
            st.setArray(9, c.createArrayOf("varchar", targets.stream().map(t -> t.route().name()).toArray()));
            st.setArray(10, c.createArrayOf("varchar", targets.stream().map(Target::groupKey).toArray()));
            st.setArray(11, c.createArrayOf("float8", targets.stream().map(t -> t.route().groupWaitS()).toArray()));
            st.setArray(12, c.createArrayOf("float8", targets.stream().map(t -> t.route().groupIntervalS()).toArray()));
            st.setArray(13, c.createArrayOf("float8", targets.stream().map(t -> t.route().repeatIntervalS()).toArray()));
            int queued = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    queued++;
                    ChannelRunner r = wake ? runners.get(rs.getString(1)) : null;
                    if (r != null) {
                        r.wake();
                    }
                }
            }
            return queued;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("queueing notification " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether any channel is running here. */
    boolean hasChannels() {
        return !runners.isEmpty();
    }

    /** The platform alerts whose newest row is a firing one, of ids starting with {@code prefix} (a node's). */
    List<AlertRules.Active> firingAlerts(String prefix) {
        List<AlertRules.Active> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("SELECT * FROM (SELECT DISTINCT ON "
                + "(alert_id) alert_id, attributes, severity, subject, happened_at FROM notify_outbox WHERE alert_id LIKE ? "
                + "ORDER BY alert_id, notification_id DESC) newest WHERE attributes->>'status' = 'firing'")) {
            st.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    com.fasterxml.jackson.databind.JsonNode a = JSON.readTree(rs.getString("attributes"));
                    out.add(new AlertRules.Active(rs.getString("alert_id"), a.path("alert").asText(), a.path("kind").asText(),
                            a.path("instance").asText(), rs.getString("severity"), rs.getString("subject"),
                            rs.getTimestamp("happened_at").toInstant()));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("reading the firing alerts failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Rows per channel and state, from the outbox (so rows of channels not installed show too). */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT channel, state, count(*) FROM notify_outbox GROUP BY channel, state ORDER BY channel, state");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting notifications failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public List<InstanceStatus> instances() {
        Map<String, Map<String, Long>> counts;
        try {
            counts = counts();
        } catch (RuntimeException e) {
            counts = Map.of();
        }
        List<InstanceStatus> out = new ArrayList<>();
        for (ChannelRunner r : runners.values()) {
            long pending = counts.getOrDefault(r.name, Map.of()).getOrDefault("pending", 0L);
            out.add(new InstanceStatus("channel", r.name, "notification channel", pending > 0 && !r.lastError.isEmpty()
                    ? "DEGRADED" : "RUNNING", r.sent.get(), 0, 0, 0, r.retried.get(), r.failed.get(), pending, 0,
                    r.lastError, 0, 0, 0, Map.of("notifications_sent", r.sent.get(), "notifications_retried",
                            r.retried.get(), "notifications_failed", r.failed.get(), "notifications_pending", pending, "notifications_silenced",
                            r.silenced.get())));
        }
        invalid.forEach((name, why) -> out.add(new InstanceStatus("channel", name, "notification channel", "INVALID", 0, 0,
                0, 0, 0, 0, 0, 0, why, 0, 0, 0, null)));
        return out;
    }

    @Override
    public boolean restart(String instance) {
        ChannelRunner r = runners.get(instance);
        if (r == null) {
            return false;
        }
        r.wake();
        return true;
    }
}
