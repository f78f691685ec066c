package org.daqhub.api;

import java.util.Objects;

/**
 * The unit on the bus: a header (topic, source instance, sequence number, timestamp, run number,
 * content type) and a payload that is either a {@link Table} or raw bytes.
 *
 * <p>Frames are immutable once published. Inside one JVM they are handed over by reference and never
 * copied; {@link FrameCodec} encodes them only where they leave the JVM.
 */
public final class Frame {
    /** Content type of a tabular payload. */
    public static final String TABLE = "application/vnd.daqhub.table";
    /** Default content type of a raw payload. */
    public static final String OCTETS = "application/octet-stream";

    private final String topic;
    private final String source;
    private final long sequence;
    private final long timestampNanos;
    private final long runNumber;
    private final String contentType;
    private final String origin;
    private final Table table;
    private final byte[] raw;

    private Frame(String topic, String source, long sequence, long timestampNanos, long runNumber,
            String contentType, String origin, Table table, byte[] raw) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.source = source == null ? "" : source;
        this.sequence = sequence;
        this.timestampNanos = timestampNanos;
        this.runNumber = runNumber;
        this.contentType = contentType;
        this.origin = origin == null ? "" : origin;
        this.table = table;
        this.raw = raw;
    }

    /** A frame with a tabular payload. */
    public static Frame ofTable(String topic, String source, long sequence, long timestampNanos, long runNumber,
            Table table) {
        return new Frame(topic, source, sequence, timestampNanos, runNumber, TABLE, "", Objects.requireNonNull(table, "table"), null);
    }

    /** A frame with a raw payload; the array is not copied. */
    public static Frame ofRaw(String topic, String source, long sequence, long timestampNanos, long runNumber,
            String contentType, byte[] payload) {
        String ct = contentType == null || contentType.isEmpty() ? OCTETS : contentType;
        if (TABLE.equals(ct)) {
            throw new FrameFormatException("content_type: " + TABLE + " needs a table payload");
        }
        return new Frame(topic, source, sequence, timestampNanos, runNumber, ct, "", null, Objects.requireNonNull(payload, "payload"));
    }

    /** The current time in nanoseconds since the Unix epoch (the clock frame timestamps use). */
    public static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The same frame marked as coming from another node (loop prevention on cross-node bridges). */
    public Frame withOrigin(String originNode) {
        return new Frame(topic, source, sequence, timestampNanos, runNumber, contentType, originNode, table, raw);
    }

    public String topic() {
        return topic;
    }

    /** Instance name of the driver that produced the frame. */
    public String source() {
        return source;
    }

    /** Per-topic sequence number assigned by the producer, starting at 0; a gap means loss. */
    public long sequence() {
        return sequence;
    }

    /** Production time, nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    public long runNumber() {
        return runNumber;
    }

    public String contentType() {
        return contentType;
    }

    /** Node id the frame arrived from, or "" when produced on this node. */
    public String origin() {
        return origin;
    }

    public boolean isTable() {
        return table != null;
    }

    /** The tabular payload, or null for a raw frame. */
    public Table table() {
        return table;
    }

    /** The raw payload, or null for a table frame. Not a copy: do not modify. */
    public byte[] raw() {
        return raw;
    }

    /** Payload size in bytes. */
    public long payloadSize() {
        return table != null ? table.byteSize() : raw.length;
    }

    @Override
    public String toString() {
        return "Frame[" + topic + " #" + sequence + " " + contentType + " " + payloadSize() + " B]";
    }
}
