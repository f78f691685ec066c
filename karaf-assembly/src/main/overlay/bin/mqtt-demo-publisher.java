// bin/daqhub-demo mqtt runs this with `java -cp <paho jar> bin/mqtt-demo-publisher.java` (Java's single-file
// source launcher: no build step). It plays three weather stations publishing JSON to daqhub's own broker over
// MQTT, so the MQTT driver has something to read; a real facility's devices or Mosquitto take its place.
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

public class MqttDemoPublisher {
    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "tcp://127.0.0.1:61616";
        MqttClient client = new MqttClient(uri, "daqhub-demo-publisher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(System.getenv().getOrDefault("DEMO_USER", "karaf"));
        o.setPassword(System.getenv().getOrDefault("DEMO_PASSWORD", "karaf").toCharArray());
        o.setAutomaticReconnect(true);
        o.setCleanSession(true);
        client.connect(o);
        String[] stations = {"north", "south", "roof"};
        for (long n = 0; ; n++) {
            for (int i = 0; i < stations.length; i++) {
                double t = 18 + 4 * Math.sin(n / 50.0 + i) + Math.random() * 0.2;
                double h = 40 + 10 * Math.cos(n / 70.0 + i);
                String json = String.format(Locale.ROOT, "{\"station\":\"%s\",\"temperature\":%.2f,\"humidity\":%.1f,\"n\":%d}",
                        stations[i], t, h, n);
                client.publish("demo/weather/" + stations[i], json.getBytes(StandardCharsets.UTF_8), 1, false);
            }
            Thread.sleep(200);
        }
    }
}
