package org.daqhub.core.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;

/**
 * Domain resources served by CXF (the JAX-RS implementation the whiteboard runs in the distribution) with daqhub's
 * JSON provider and error mapper, on a free port of 127.0.0.1, for component tests that call real HTTP.
 */
public final class ApiTestServer implements AutoCloseable {
    private final Server server;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    /** An answer: status and body text. */
    public record Answer(int status, String body, String challenge) {
    }

    /** What {@code work} returned, with what was logged to System.err (slf4j-simple's target) meanwhile. */
    public record Logged<T>(T result, String log) {
    }

    private ApiTestServer(Server server, String base) {
        this.server = server;
        this.base = base;
    }

    public static ApiTestServer start(long maxBodyBytes, Object... resources) throws Exception {
        return start(maxBodyBytes, List.of(), resources);
    }

    /** With more providers beside JSON and errors (e.g. the authentication filter). */
    public static ApiTestServer start(long maxBodyBytes, List<Object> providers, Object... resources) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        JAXRSServerFactoryBean f = new JAXRSServerFactoryBean();
        f.setAddress(base + "/");
        List<Class<?>> classes = new ArrayList<>();
        for (Object r : resources) {
            classes.add(r.getClass());
        }
        f.setResourceClasses(classes);
        for (Object r : resources) {
            f.setResourceProvider(r.getClass(), new SingletonResourceProvider(r));
        }
        List<Object> all = new ArrayList<>(List.of(new JsonProvider(maxBodyBytes, 200), new ErrorMapper()));
        all.addAll(providers);
        f.setProviders(all);
        return new ApiTestServer(f.create(), base);
    }

    public Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, null);
    }

    /** With an Authorization header (null: none). */
    public Answer call(String method, String path, String body, String authorization) throws Exception {
        return call(method, path, body, authorization, "application/json");
    }

    /** With an Authorization header and a Content-Type (null: none of either). */
    public Answer call(String method, String path, String body, String authorization, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    public Answer get(String path) throws Exception {
        return call("GET", path, null);
    }

    public Answer post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    /** Runs {@code work}, keeping what is written to System.err meanwhile. */
    public static <T> Logged<T> logging(Callable<T> work) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            T result = work.call();
            System.err.flush();
            return new Logged<>(result, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
