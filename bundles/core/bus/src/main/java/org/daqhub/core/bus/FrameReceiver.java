package org.daqhub.core.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.Frame;
import org.daqhub.api.FrameCodec;
import org.daqhub.api.FrameFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * Reads wire-format frames from a SUB socket and counts them. A malformed message is counted, logged
 * sparsely (the 1st, 2nd, 4th, 8th... so a flood cannot fill the log) and skipped; it never stops the
 * reader.
 */
final class FrameReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(FrameReceiver.class);

    private final String from;
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    volatile String lastError = "";

    FrameReceiver(String from) {
        this.from = from;
    }

    /** The next well-formed frame, or null when the socket's receive timeout passed without one. */
    Frame next(ZMQ.Socket sub) {
        while (true) {
            byte[] topic = sub.recv();
            if (topic == null) {
                return null;
            }
            List<byte[]> parts = new ArrayList<>(3);
            parts.add(topic);
            while (sub.hasReceiveMore()) {
                parts.add(sub.recv());
            }
            try {
                if (parts.size() != 3) {
                    throw new FrameFormatException("message: expected 3 parts (topic, header, payload), got " + parts.size());
                }
                Frame f = FrameCodec.decode(parts.get(0), parts.get(1), parts.get(2));
                frames.incrementAndGet();
                bytes.addAndGet(parts.get(2).length);
                return f;
            } catch (FrameFormatException e) {
                long n = malformed.incrementAndGet();
                lastError = e.getMessage();
                if (Long.bitCount(n) == 1) {
                    LOG.warn("daqhub bus: dropped malformed frame #{} from {}: {}", n, from, e.getMessage());
                }
            }
        }
    }
}
