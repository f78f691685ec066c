package org.daqhub.api.notify;

/**
 * Where the platform's producers (worksets, alerts) hand notifications over: each one is written to an outbox
 * for every channel whose matchers accept it and delivered from there, so none is lost across a restart or a
 * channel outage. A key seen before is dropped: a producer that repeats itself sends nothing twice.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Notifier {
    /**
     * @param key unique per notification, e.g. {@code workset/ws-001/error/3}
     * @return the number of channels it was queued for (0 for a repeated key or when no channel matches)
     */
    int notify(String key, Notification notification);

    /**
     * As {@link #notify(String, Notification)}, inside the caller's open transaction on the bookkeeping database (a
     * connection of the {@code Database} service with auto-commit off): the notification is queued exactly when that
     * transaction commits, so a change and the word of it are never parted by a crash. The channels find it at their
     * next poll.
     */
    int notify(java.sql.Connection transaction, String key, Notification notification);
}
