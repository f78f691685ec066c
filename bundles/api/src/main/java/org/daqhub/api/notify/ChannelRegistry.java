package org.daqhub.api.notify;

import java.util.Map;

/**
 * Where a channel component hands itself to the platform's delivery instead of registering a service: a DS
 * component's properties become its service's properties, visible to anyone who lists services, and a channel's
 * cfg holds secrets (passwords, API keys, webhook URLs). The platform keeps only the runner's keys of
 * {@link ChannelRunnerConfig} and the instance's name.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ChannelRegistry {
    /** A channel's place in the delivery; closing it stops the channel (what is queued for it waits in the outbox). */
    interface Attachment extends AutoCloseable {
        @Override
        void close();
    }

    /** The channel delivers from now on; {@code config} is its cfg (component properties). */
    Attachment attach(NotificationChannel channel, Map<String, ?> config);
}
