package org.daqhub.driver.mqtt;

import org.daqhub.api.driver.DriverRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub MQTT driver",
        description = "Subscribes to MQTT topics (Eclipse Paho): JSON payloads become table columns, or payloads are kept as text or raw bytes")
interface MqttConfig extends DriverRunnerConfig {
    @AttributeDefinition(name = "server.uri", defaultValue = "tcp://127.0.0.1:1883", description = "Broker, tcp://host:port or ssl://host:port")
    String server_uri();

    @AttributeDefinition(name = "client.id", required = false, description = "MQTT client id; default daqhub-<instance>. With clean.session false the broker keeps this id's subscriptions and unacknowledged messages")
    String client_id();

    @AttributeDefinition(required = false, description = "User name at the broker")
    String username();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Password at the broker; never logged or shown")
    String password();

    @AttributeDefinition(name = "mqtt.topics", description = "Comma-separated MQTT topic filters (+ and # wildcards), e.g. sensors/+/temperature")
    String mqtt_topics();

    @AttributeDefinition(defaultValue = "1", description = "QoS of the subscriptions: 0 at most once, 1 at least once (2 is refused: Paho loses a QoS 2 message in flight at a reconnect)",
            options = {@Option(label = "0", value = "0"), @Option(label = "1", value = "1")})
    int qos();

    @AttributeDefinition(name = "clean.session", defaultValue = "false", description = "false: the broker keeps the session across reconnects and restarts, so QoS 1/2 messages that arrived while daqhub was away are delivered")
    boolean clean_session();

    @AttributeDefinition(defaultValue = "json", description = "json: columns picked by JSON pointer; text: the payload as a string column; raw: the payload bytes as a raw frame",
            options = {@Option(label = "json", value = "json"), @Option(label = "text", value = "text"), @Option(label = "raw", value = "raw")})
    String format();

    @AttributeDefinition(required = false, description = "json: comma-separated name:/json/pointer[:type], type float64 (default), int64 or string; e.g. temperature:/temp,station:/id:string")
    String columns();

    @AttributeDefinition(defaultValue = "1", description = "json and text: messages per frame (one row each)")
    int rows();

    @AttributeDefinition(name = "linger.ms", defaultValue = "50", description = "How long to wait for more messages to fill a frame of several rows (ms)")
    long linger_ms();

    @AttributeDefinition(name = "keepalive.s", defaultValue = "30", description = "MQTT keep-alive interval (s)")
    int keepalive_s();

    @AttributeDefinition(defaultValue = "mqtt", description = "Stream name: frames go to topic data.<instance>.<stream>")
    String stream();
}
