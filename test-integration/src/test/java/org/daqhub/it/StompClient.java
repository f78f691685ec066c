package org.daqhub.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal STOMP 1.2 client over a plain socket: what any non-Java tool on the network would speak. */
final class StompClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    StompClient(String host, int port, String login, String passcode) throws Exception {
        socket = new Socket(host, port);
        socket.setSoTimeout(10000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        send("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + login + "\npasscode:" + passcode + "\n\n");
        String reply = read();
        if (!reply.startsWith("CONNECTED")) {
            throw new IllegalStateException("STOMP CONNECT refused: " + reply);
        }
    }

    void subscribe(String destination) throws Exception {
        send("SUBSCRIBE\nid:0\ndestination:" + destination + "\nack:auto\nreceipt:sub\n\n");
        String reply = read();
        if (!reply.startsWith("RECEIPT")) {
            throw new IllegalStateException("STOMP SUBSCRIBE failed: " + reply);
        }
    }

    void publish(String destination, String body) throws Exception {
        send("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + body);
    }

    /** The next frame, command and headers and body, without the terminating NUL. */
    String read() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != 0) {
            if (b.size() == 0 && (c == '\n' || c == '\r')) {
                continue; // heart-beat newlines between frames
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private void send(String frame) throws Exception {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
