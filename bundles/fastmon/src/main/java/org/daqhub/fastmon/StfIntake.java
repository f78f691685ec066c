package org.daqhub.fastmon;

import static org.daqhub.fastmon.FastmonJson.JSON;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.broker.BrokerException;
import org.daqhub.api.broker.MessageBroker;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.bus.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where fast monitoring's input comes in, other than REST: STF rows and DAQ state messages from drivers on the bus,
 * and the messages of the broadcast topic on the broker. An STF becomes a {@link StfRegistrar#register}, a start or
 * end of run a change in {@link Bookkeeping}; DAQ states are relayed to the broadcast topic. A bad frame row is
 * rejected and a bad broker message refused, each with its reason (counted, logged), and the others go on.
 * {@link FastMonitor} subscribes and runs the consumer thread; this is what the thread and the listener call.
 */
final class StfIntake {
    // the component's logger: fast monitoring logs under one name, whichever part writes the line
    private static final Logger LOG = LoggerFactory.getLogger(FastMonitor.class);

    private final Bookkeeping bookkeeping;
    private final StfRegistrar registrar;
    private final FastmonCounters counters;
    private final MessageBroker broker;
    private final String broadcastTopic;
    private final String agent;

    StfIntake(Bookkeeping bookkeeping, StfRegistrar registrar, FastmonCounters counters, MessageBroker broker,
            String broadcastTopic, String agent) {
        this.bookkeeping = bookkeeping;
        this.registrar = registrar;
        this.counters = counters;
        this.broker = broker;
        this.broadcastTopic = broadcastTopic;
        this.agent = agent;
    }

    // ---------------------------------------------------------------- the bus

    /** The consumer thread's loop, until {@code stopping} (the component's deactivation) or an interrupt. */
    void consume(Subscription stf, Subscription daq, BooleanSupplier stopping) {
        List<Frame> batch = new ArrayList<>();
        while (!stopping.getAsBoolean()) {
            try {
                Frame f = stf.poll(100, TimeUnit.MILLISECONDS);
                if (f != null) {
                    batch.add(f);
                    stf.drainTo(batch, 255);
                }
                daq.drainTo(batch, 256);
                for (Frame frame : batch) {
                    if (daq.patterns().stream().anyMatch(p -> TopicPattern.matches(p, frame.topic()))) {
                        onDaqFrame(frame);
                    } else {
                        onStfFrame(frame);
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                batch.clear();
                counters.lastError = e.toString();
                LOG.error("fast monitoring: frame handling failed: {}", e.toString(), e);
            }
        }
    }

    void onStfFrame(Frame frame) {
        if (!frame.isTable()) {
            reject("frame " + frame.topic() + "#" + frame.sequence() + ": not a table");
            return;
        }
        Table t = frame.table();
        if (t.column("file_url") == null) {
            reject("frame " + frame.topic() + "#" + frame.sequence() + ": no column file_url");
            return;
        }
        for (int row = 0; row < t.rowCount(); row++) {
            try {
                registrar.register(stfRow(frame, t, row));
            } catch (FieldException e) {
                reject("frame " + frame.topic() + "#" + frame.sequence() + " row " + row + ": " + e.getMessage());
            }
        }
    }

    /** One row of an STF frame as a registration; a column of the wrong type is a FieldException naming it. */
    private static StfRequest stfRow(Frame frame, Table t, int row) {
        Long run = longOrNull(t, "run_number", row);
        Long created = longOrNull(t, "creation_time", row);
        Long tfFiles = longOrNull(t, "tf_files_per_stf", row);
        return new StfRequest(run != null ? run : frame.runNumber(), stringOrNull(t, "file_url", row),
                longOrNull(t, "file_size_bytes", row), stringOrNull(t, "checksum", row),
                stringOrNull(t, "machine_state", row), stringOrNull(t, "stf_identifier", row),
                stringOrNull(t, "metadata", row),
                new Timestamp(created != null ? created : frame.timestampNanos() / 1_000_000),
                // clamped, not wrapped: an out-of-range count stays out of range for validated()
                tfFiles != null ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, tfFiles)) : null,
                doubleOrNull(t, "tf_size_fraction", row));
    }

    void onDaqFrame(Frame frame) {
        if (!frame.isTable() || frame.table().column("msg_type") == null) {
            reject("frame " + frame.topic() + "#" + frame.sequence() + ": no column msg_type");
            return;
        }
        Table t = frame.table();
        for (int row = 0; row < t.rowCount(); row++) {
            String type = t.column("msg_type").getString(row);
            long run = t.column("run_number") != null ? t.column("run_number").getLong(row) : frame.runNumber();
            Timestamp at = new Timestamp(frame.timestampNanos() / 1_000_000);
            try { // a bad row (run number, conditions, time) is rejected, the others go on
                if ("start_run".equals(type)) {
                    bookkeeping.getOrCreateRun(run, at, stringOrNull(t, "run_conditions", row));
                } else if ("end_run".equals(type)) {
                    endRun(run, at);
                }
            } catch (FieldException e) {
                reject("frame " + frame.topic() + "#" + frame.sequence() + " row " + row + ": " + e.getMessage());
                continue;
            }
            ObjectNode msg = JSON.createObjectNode();
            msg.put("msg_type", type);
            msg.put("run_id", run);
            for (Column c : t.columns()) {
                if (!c.name().equals("msg_type") && !c.name().equals("run_number")) {
                    msg.put(c.name(), c.getString(row));
                }
            }
            msg.put("processed_by", agent);
            msg.put("timestamp", at.toInstant().toString());
            try {
                broker.publish(broadcastTopic, msg.toString());
            } catch (BrokerException e) {
                counters.lastError = e.getMessage();
            }
        }
    }

    /** Ends the run, creating it first if its start was never seen, and says so on the broadcast topic. */
    private void endRun(long runNumber, Timestamp end) {
        try {
            bookkeeping.updateRun(runNumber, end, null);
        } catch (NotFoundException e) {
            bookkeeping.getOrCreateRun(runNumber, end, null);
            bookkeeping.updateRun(runNumber, end, null);
        }
        registrar.status("run_ended", runNumber);
    }

    private void reject(String why) {
        counters.rejected.incrementAndGet();
        counters.lastError = why;
        LOG.warn("fast monitoring rejected {}", why);
    }

    // ---------------------------------------------------------------- the broker

    /**
     * Message types of the broadcast topic that are not ours to handle, ignored on purpose (counted as
     * {@code broker_ignored}, logged at DEBUG): the testbed DAQ's state messages, the data agent's data_ready,
     * and what fast monitoring itself publishes there (tf_file_registered, fastmon_status, the DAQ states it
     * relays from the tf-generator), which come back to this listener.
     */
    static final Set<String> OTHER_AGENTS_TYPES = Set.of("run_imminent", "start_run", "stf_gen", "pause_run",
            "resume_run", "end_run", "data_ready", "tf_file_registered", "fastmon_status");

    /**
     * Messages on the broadcast topic (seed message-driven mode): stf_ready is registered, the types in
     * {@link #OTHER_AGENTS_TYPES} are ignored. Everything else is refused with a reason: not JSON, no usable
     * msg_type, an stf_ready with a bad field, or an unknown msg_type. An unknown type is refused rather than
     * ignored because the topic's vocabulary is the testbed's fixed set: a new name is most likely a misspelt
     * stf_ready ("STF_READY", "stf-ready") whose file would otherwise be lost without a trace.
     */
    void onBroadcast(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (Exception e) {
            msg = null;
        }
        if (msg == null || msg.isMissingNode()) { // MissingNode: an empty body
            refuse("not_json", "'" + abbreviate(text) + "'");
            return;
        }
        JsonNode type = msg.get("msg_type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            refuse("no_msg_type", abbreviate(text));
            return;
        }
        String t = type.asText();
        if (OTHER_AGENTS_TYPES.contains(t)) {
            counters.ignored.incrementAndGet();
            LOG.debug("fast monitoring ignores {} on {}", t, broadcastTopic);
            return;
        }
        if (!"stf_ready".equals(t)) {
            refuse("unknown_msg_type", "'" + abbreviate(t) + "' in " + abbreviate(text));
            return;
        }
        try {
            registrar.register(stfReady(msg));
        } catch (FieldException e) {
            refuse("bad_stf_ready", e.getMessage() + " in " + abbreviate(text));
        }
    }

    private void refuse(String reason, String detail) {
        counters.refused.refuse(reason, detail);
        counters.lastError = counters.refused.last();
    }

    static StfRequest stfReady(JsonNode msg) {
        JsonNode run = msg.get("run_id");
        if (run == null || !run.canConvertToLong()) {
            throw new FieldException("run_id", "missing or not an integer");
        }
        // the file name is the identifier, and the URL when there is none: checked under the name it was sent as
        String filename = FieldException.checkText("filename", text(msg, "filename"), StfRequest.STF_IDENTIFIER_LENGTH);
        String url = text(msg, "file_url");
        if (url == null && filename == null) {
            throw new FieldException("file_url", "missing (and no filename)");
        }
        ObjectNode meta = JSON.createObjectNode();
        for (String k : new String[] { "namespace", "start", "end", "substate", "sequence", "simulation_tick" }) {
            if (msg.has(k)) {
                meta.set(k, msg.get(k));
            }
        }
        Long size = msg.has("size_bytes") && msg.get("size_bytes").canConvertToLong() ? msg.get("size_bytes").asLong()
                : null;
        String state = text(msg, "state");
        return new StfRequest(run.asLong(), url != null ? url : "file://" + filename, size, text(msg, "checksum"),
                state != null ? state : "physics", filename, meta.toString(), new Timestamp(System.currentTimeMillis()));
    }

    /** A text field of a message: null when absent, a FieldException when it is neither a string nor a number. */
    private static String text(JsonNode msg, String field) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new FieldException(field, "must be a string, got " + abbreviate(v.toString()));
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return ""; // a text message without a body
        }
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    // ---------------------------------------------------------------- frame columns
    // a frame's column of the wrong type is the sender's mistake: a FieldException naming the column

    private static Long longOrNull(Table t, String name, int row) {
        Column c = t.column(name);
        if (c == null) {
            return null;
        }
        if (c.type() != ColumnType.INT32 && c.type() != ColumnType.INT64) {
            throw new FieldException(name, "column is " + c.type() + ", not an integer");
        }
        return c.getLong(row);
    }

    private static Double doubleOrNull(Table t, String name, int row) {
        Column c = t.column(name);
        if (c == null) {
            return null;
        }
        if (c.type() == ColumnType.STRING) {
            throw new FieldException(name, "column is " + c.type() + ", not a number");
        }
        return c.getDouble(row);
    }

    private static String stringOrNull(Table t, String name, int row) {
        Column c = t.column(name);
        if (c == null) {
            return null;
        }
        if (c.type() != ColumnType.STRING) {
            throw new FieldException(name, "column is " + c.type() + ", not a string");
        }
        String s = c.getString(row);
        return s == null || s.isEmpty() ? null : s;
    }
}
