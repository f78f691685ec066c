package org.daqhub.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;

/**
 * Writes frames to Redis, one key per topic, pipelined. In stream mode each row is an XADD with the
 * explicit id {@code <seq>-<row + 1>} (0-0 is not a valid id): Redis rejects an id at or below the stream's last one, so a batch that
 * is retried after a partial write adds only what is missing (exactly once). In sorted-set mode each row is
 * a JSON member scored by its timestamp in ms; re-adding an existing member changes nothing.
 */
@Component(name = "org.daqhub.store.redis", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Store.class)
@Designate(ocd = RedisConfig.class, factory = true)
public class RedisStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private String instance;
    private HostAndPort address;
    private DefaultJedisClientConfig clientConfig;
    private String keyPattern;
    private boolean stream;
    private long expirySeconds;
    private Jedis jedis;

    @Activate
    public void activate(Map<String, Object> props) {
        Settings s = Settings.of(props);
        try {
            instance = s.instance();
            address = new HostAndPort(s.string("host", "127.0.0.1"), s.intValue("port", 6379, 1));
            String password = s.string("password", "");
            clientConfig = DefaultJedisClientConfig.builder().password(password.isEmpty() ? null : password)
                    .database(s.intValue("database", 0, 0)).connectionTimeoutMillis(2000)
                    .socketTimeoutMillis((int) s.integer("socket.timeout.s", 10, 1) * 1000).clientName("daqhub-" + instance).build();
            keyPattern = s.string("key", "daqhub:{topic}");
            if (keyPattern.isEmpty()) {
                throw new InvalidConfigException(instance, "key", keyPattern, "must not be empty");
            }
            stream = s.oneOf("mode", "stream", "stream", "sortedset").equals("stream");
            expirySeconds = (long) (s.number("expiry.days", 0, 0) * 86400);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub store org.daqhub.store.redis, {}; the instance is not started", e.getMessage());
            throw e;
        }
        LOG.info("daqhub Redis store '{}' writes to {} ({})", instance, address, stream ? "streams" : "sorted sets");
    }

    @Deactivate
    public synchronized void deactivate() {
        close();
    }

    @Override
    public synchronized void write(List<Frame> batch) {
        Jedis j = connection();
        try {
            Pipeline p = j.pipelined();
            List<Response<?>> replies = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            for (Frame f : batch) {
                String key = keyPattern.replace("{topic}", f.topic());
                keys.add(key);
                int rows = f.isTable() ? f.table().rowCount() : 1;
                for (int r = 0; r < rows; r++) {
                    Map<byte[], byte[]> fields = fields(f, r);
                    if (stream) {
                        replies.add(p.xadd(key.getBytes(StandardCharsets.UTF_8),
                                XAddParams.xAddParams().id(new StreamEntryID(f.sequence(), r + 1L).toString()), fields));
                    } else {
                        replies.add(p.zadd(key, f.timestampNanos() / 1e6, json(fields)));
                    }
                }
            }
            if (expirySeconds > 0) {
                for (String k : keys) {
                    p.expire(k, expirySeconds);
                }
            }
            p.sync();
            for (Response<?> r : replies) {
                try {
                    r.get();
                } catch (JedisDataException e) {
                    // "equal or smaller than the target stream top item": written by an earlier attempt
                    if (!stream || e.getMessage() == null || !e.getMessage().contains("equal or smaller")) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!(e instanceof JedisDataException)) {
                close(); // connection trouble: reconnect on the next attempt
            }
            throw e;
        }
    }

    private static Map<byte[], byte[]> fields(Frame f, int row) {
        Map<byte[], byte[]> m = new LinkedHashMap<>();
        put(m, "seq", Long.toString(f.sequence()));
        put(m, "timestamp_ns", Long.toString(f.timestampNanos()));
        put(m, "run_number", Long.toString(f.runNumber()));
        put(m, "source", f.source());
        if (!f.isTable()) {
            put(m, "content_type", f.contentType());
            m.put("payload".getBytes(StandardCharsets.UTF_8), f.raw());
            return m;
        }
        Table t = f.table();
        StringBuilder sb = new StringBuilder();
        for (Column c : t.columns()) {
            if (c.type() == ColumnType.STRING) {
                String v = c.getString(row);
                if (v != null) {
                    put(m, c.name(), v);
                }
                continue;
            }
            sb.setLength(0);
            c.appendText(sb, row);
            put(m, c.name(), sb.toString());
        }
        return m;
    }

    private static void put(Map<byte[], byte[]> m, String k, String v) {
        m.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
    }

    /** A row as a JSON object of strings (payload bytes as base64), for sorted-set members. */
    static String json(Map<byte[], byte[]> fields) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<byte[], byte[]> e : fields.entrySet()) {
            String k = new String(e.getKey(), StandardCharsets.UTF_8);
            String v = k.equals("payload") ? java.util.Base64.getEncoder().encodeToString(e.getValue())
                    : new String(e.getValue(), StandardCharsets.UTF_8);
            sb.append(sep).append('"').append(escape(k)).append("\":\"").append(escape(v)).append('"');
            sep = ",";
        }
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.toString();
    }

    private Jedis connection() {
        if (jedis == null) {
            Jedis j = new Jedis(address, clientConfig);
            j.ping(); // connect now, so an unreachable server fails this attempt
            jedis = j;
            LOG.info("daqhub Redis store '{}' connected to {}", instance, address);
        }
        return jedis;
    }

    private void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the connection of '{}' failed", instance, e);
            }
            jedis = null;
        }
    }
}
