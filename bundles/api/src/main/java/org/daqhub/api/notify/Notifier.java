package org.daqhub.api.notify;

/**
 * Where the platform's producers (worksets, alerts) hand notifications over: each one is written to an outbox
 * for every channel whose matchers accept it and delivered from there, so none is lost across a restart or a
 * channel outage. A key seen before is dropped: a producer that repeats itself sends nothing twice.
 */
public interface Notifier {
    /**
     * @param key unique per notification, e.g. {@code workset/ws-001/error/3}
     * @return the number of channels it was queued for (0 for a repeated key or when no channel matches)
     */
    int notify(String key, Notification notification);
}
