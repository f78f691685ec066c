package org.daqhub.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/**
 * The dashboard's live tail of the log: an appender on Karaf's log service keeps the newest lines (bounded, so a
 * burst of logging costs memory once) and the stream hands out what is new each tick. {@link #doAppend} runs on
 * every logging thread: it only copies the fields and never logs itself.
 */
final class LogTail implements PaxAppender {
    static final int KEPT = 500;
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private final List<Map<String, Object>> fresh = new ArrayList<>();

    @Override
    public void doAppend(PaxLoggingEvent event) {
        Map<String, Object> line = line(event);
        synchronized (this) {
            recent.addLast(line);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
            if (fresh.size() < KEPT) {
                fresh.add(line);
            }
        }
    }

    static Map<String, Object> line(PaxLoggingEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.getTimeStamp());
        m.put("level", e.getLevel() == null ? "" : e.getLevel().toString());
        m.put("logger", e.getLoggerName());
        m.put("thread", e.getThreadName());
        String[] thrown = e.getThrowableStrRep();
        m.put("message", e.getRenderedMessage() + (thrown == null || thrown.length == 0 ? "" : "\n" + thrown[0]));
        return m;
    }

    /** The lines logged since the last call. */
    synchronized List<Map<String, Object>> drain() {
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>(fresh);
        fresh.clear();
        return out;
    }

    /** The newest lines, oldest first, for a tab that just connected. */
    synchronized List<Map<String, Object>> recent() {
        return new ArrayList<>(recent);
    }

    /** Lines logged before the appender was added (Karaf's own buffer), oldest first. */
    synchronized void seed(Iterable<PaxLoggingEvent> events) {
        for (PaxLoggingEvent e : events) {
            recent.addLast(line(e));
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
    }
}
