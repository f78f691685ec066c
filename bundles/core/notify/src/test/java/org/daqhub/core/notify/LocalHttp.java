package org.daqhub.core.notify;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** The plumbing of the channels' local stand-ins: a JDK HTTP server on a free port of 127.0.0.1, and one answer. */
public final class LocalHttp {
    private LocalHttp() {
    }

    public static HttpServer start(String context, HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext(context, handler);
        s.start();
        return s;
    }

    public static String base(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    public static void answer(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }
}
