package org.daqhub.api.broker;

import java.util.function.Consumer;

/**
 * Text (JSON) messages on broker topics. Topic names are bare ("epictopic"); a STOMP client reaches the same
 * topic as {@code /topic/epictopic}.
 */
public interface MessageBroker {
    /**
     * Sends one message to a topic (multicast: every subscriber gets it).
     *
     * @throws BrokerException when the broker cannot be reached or refuses the message
     */
    void publish(String topic, String text);

    /**
     * Calls {@code listener} for every message arriving on the topic until the returned handle is closed: the
     * text of a text message, or the body of a bytes message read as UTF-8 (what a STOMP client sending a
     * {@code content-length} header produces). Other messages are counted and logged, never given to it.
     */
    AutoCloseable subscribe(String topic, Consumer<String> listener);

    /** True while connected to the broker. */
    boolean connected();
}
