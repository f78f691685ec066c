package org.daqhub.core.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.daqhub.api.notify.Notification;
import org.daqhub.api.notify.NotificationChannel;

/** A channel that keeps what it was given: what the outbox hands a channel, without a wire in between. */
public final class RecordingChannel implements NotificationChannel {
    public final List<Notification> got = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void send(Notification n) {
        got.add(n);
    }

    public List<String> subjects() {
        synchronized (got) {
            return got.stream().map(Notification::subject).toList();
        }
    }
}
