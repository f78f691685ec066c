package org.daqhub.monitor.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.monitor.MonitoringEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** Against real HTTP and HTTPS servers (the JDK's), the HTTPS one with a self-signed certificate. */
class WebhookIntegrationTest {
    @TempDir
    Path dir;

    final List<String> received = new CopyOnWriteArrayList<>();

    static final List<MonitoringEvent> EVENTS = List.of(new MonitoringEvent("finished", "job", "j1", "succeeded",
            Instant.parse("2026-11-23T10:00:00Z"), Map.of("duration_s", 4.5)));

    private void handle(com.sun.net.httpserver.HttpExchange x, int status) throws java.io.IOException {
        received.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Authorization") + " "
                + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    static WebhookIntegration hook(Object... kv) throws Exception {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("service.pid", "org.daqhub.monitor.webhook~t");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        WebhookIntegration w = new WebhookIntegration();
        w.activate(m);
        return w;
    }

    @Test
    void putsTheBatchWithHeadersAndFailsOnAnError() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", x -> handle(x, 204));
        server.createContext("/broken", x -> handle(x, 500));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            hook("url", base + "/ok", "method", "PUT", "headers", "Authorization: Bearer abc").export(EVENTS);
            assertEquals(1, received.size());
            String r = received.get(0);
            assertTrue(r.startsWith("PUT Bearer abc [{\"time\":\"2026-11-23T10:00:00Z\",\"kind\":\"finished\""), r);
            assertTrue(r.contains("\"duration_s\":4.5"), r);
            Exception e = assertThrows(java.io.IOException.class, () -> hook("url", base + "/broken").export(EVENTS));
            assertTrue(e.getMessage().contains("500"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tlsVerificationCanBeSwitchedOffForASelfSignedServer() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret",
                "-keypass", "secret").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/hook", x -> handle(x, 200));
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            assertThrows(javax.net.ssl.SSLException.class, () -> hook("url", url).export(EVENTS));
            assertEquals(0, received.size());
            hook("url", url, "verify.tls", "false").export(EVENTS);
            assertEquals(1, received.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertEquals("url", assertThrows(InvalidConfigException.class, () -> hook("url", "ftp://x")).key());
        assertEquals("method", assertThrows(InvalidConfigException.class,
                () -> hook("url", "http://x", "method", "DELETE")).key());
        assertEquals("headers", assertThrows(InvalidConfigException.class,
                () -> hook("url", "http://x", "headers", "no-colon")).key());
    }
}
