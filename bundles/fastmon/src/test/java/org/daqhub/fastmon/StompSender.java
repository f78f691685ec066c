package org.daqhub.fastmon;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A STOMP 1.2 sender on a plain socket, as the seed's Python agents speak it. stomp.py frames every SEND with a
 * {@code content-length} header, which makes Artemis hand the message to JMS as a bytes message; without the
 * header it is a text message. Each SEND asks for a receipt, so when {@link #send} returns the broker has it.
 */
final class StompSender implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int receipts;

    StompSender(int port) throws Exception {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        frame("CONNECT\naccept-version:1.2\nhost:localhost\n\n", new byte[0]);
        expect("CONNECTED");
    }

    void send(String destination, String body, boolean contentLength) throws Exception {
        send(destination, body.getBytes(StandardCharsets.UTF_8), contentLength);
    }

    void send(String destination, byte[] body, boolean contentLength) throws Exception {
        String receipt = "r" + ++receipts;
        frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\n"
                + (contentLength ? "content-length:" + body.length + "\n" : "") + "receipt:" + receipt + "\n\n", body);
        expect("RECEIPT");
    }

    private void frame(String head, byte[] body) throws Exception {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(0);
        out.flush();
    }

    private void expect(String command) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != 0) {
            if (b.size() == 0 && (c == '\n' || c == '\r')) {
                continue; // heart-beat newlines between frames
            }
            b.write(c);
        }
        String reply = b.toString(StandardCharsets.UTF_8);
        if (!reply.startsWith(command)) {
            throw new IllegalStateException("expected " + command + ", got: " + reply);
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
