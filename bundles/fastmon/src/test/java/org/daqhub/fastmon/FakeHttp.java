package org.daqhub.fastmon;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Just enough of a servlet container to call a servlet: a request in, the status and body out. */
final class FakeHttp {
    record Answer(int status, String body) {
    }

    private FakeHttp() {
    }

    /** {@code method uri} with {@code body} (null for none) and query {@code params}. */
    static Answer call(HttpServlet servlet, String method, String uri, String body, Map<String, String> params)
            throws Exception {
        byte[] in = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream input = new ByteArrayInputStream(in);
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getParameter" -> params.get((String) args[0]);
                    case "getContentLengthLong" -> (long) in.length;
                    case "getContentLength" -> in.length;
                    case "getInputStream" -> new ServletInputStream() {
                        @Override
                        public int read() {
                            return input.read();
                        }

                        @Override
                        public boolean isFinished() {
                            return input.available() == 0;
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setReadListener(ReadListener l) {
                        }
                    };
                    default -> none(m.getReturnType());
                });
        int[] status = { 200 };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status[0];
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public void write(int b) {
                            out.write(b);
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener l) {
                        }
                    };
                    default -> none(m.getReturnType());
                });
        servlet.service(req, resp);
        return new Answer(status[0], out.toString(StandardCharsets.UTF_8));
    }

    /** What an unused method answers: nothing, or the zero of its primitive type. */
    private static Object none(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    /** What a call returned, and what was logged meanwhile. */
    record Logged<T>(T result, String log) {
    }

    /** Runs {@code work}, keeping what is written to System.err meanwhile (where slf4j-simple logs). */
    static <T> Logged<T> logging(Callable<T> work) throws Exception {
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
}
