package org.daqhub.fastmon;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.daqhub.api.Column;
import org.daqhub.api.ColumnType;
import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.broker.BrokerException;
import org.daqhub.api.broker.MessageBroker;
import org.daqhub.api.bus.FrameBus;
import org.daqhub.api.bus.OverflowPolicy;
import org.daqhub.api.bus.Subscription;
import org.daqhub.api.bus.TopicPattern;
import org.daqhub.api.config.Settings;
import org.daqhub.api.persistence.Database;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.daqhub.fastmon.model.Dispatch;
import org.daqhub.fastmon.model.FileStatus;
import org.daqhub.fastmon.model.Run;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.Subscriber;
import org.daqhub.fastmon.model.TfFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fast monitoring (ePIC swf-fastmon-agent): registers STF files with their run, samples TF blocks from each,
 * announces every TF on the broadcast topic and to each active subscriber with probability {@code fraction},
 * and logs every dispatch. STFs arrive from drivers over the bus, from stf_ready messages, or over REST.
 */
@Component(name = "org.daqhub.fastmon", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { FastMonitor.class, RuntimeStatus.class })
@Designate(ocd = FastmonConfig.class)
public class FastMonitor implements RuntimeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(FastMonitor.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManagerFactory emf;
    private final MessageBroker broker;
    private final FrameBus bus;
    private final Random random;
    private int tfFilesPerStf;
    private double tfSizeFraction;
    private int tfCount;
    private String broadcastTopic;
    private String agent;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private AutoCloseable stfReadyListener;
    private Thread consumer;
    private volatile boolean stopping;

    final AtomicLong registered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong tfs = new AtomicLong();
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong dispatchFailures = new AtomicLong();
    /** Broker messages of other agents' types, ignored on purpose. */
    final AtomicLong ignored = new AtomicLong();
    final RefusedMessages refused = new RefusedMessages(LOG);
    private volatile String lastError = "";

    @Activate
    public FastMonitor(@Reference Database database,
            @Reference(target = "(osgi.unit.name=daqhub-fastmon)") EntityManagerFactory emf,
            @Reference MessageBroker broker, @Reference FrameBus bus, Map<String, Object> props) {
        this(database, emf, broker, bus, props, new Random());
    }

    /** For tests: a seeded random source makes the sampling repeatable. */
    public FastMonitor(Database database, EntityManagerFactory emf, MessageBroker broker, FrameBus bus,
            Map<String, Object> props, Random random) {
        this.emf = emf;
        this.broker = broker;
        this.bus = bus;
        this.random = random;
        database.migrate("fastmon", FastMonitor.class.getClassLoader());
        Settings s = Settings.of(props);
        tfFilesPerStf = s.intValue("tf.files.per.stf", 7, 1);
        tfSizeFraction = s.number("tf.size.fraction", 0.15, 0);
        tfCount = s.intValue("tf.count", 1000, 1);
        broadcastTopic = s.string("broadcast.topic", "epictopic");
        agent = s.string("agent.name", "daqhub-fastmon");
        if (bus != null) {
            List<String> stfTopics = s.topicPatterns("stf.topics", List.of("data.*.stf"));
            List<String> daqTopics = s.topicPatterns("daq.topics", List.of("data.*.daq"));
            Subscription stf = bus.subscribe("fastmon-stf", stfTopics, 4096, OverflowPolicy.BLOCK);
            Subscription daq = bus.subscribe("fastmon-daq", daqTopics, 4096, OverflowPolicy.BLOCK);
            subscriptions.add(stf);
            subscriptions.add(daq);
            consumer = new Thread(() -> consume(stf, daq), "daqhub-fastmon");
            consumer.setDaemon(true);
            consumer.start();
        }
        if (s.bool("listen.stf.ready", true)) {
            stfReadyListener = broker.subscribe(broadcastTopic, this::onBroadcast);
        }
        status("started", null);
    }

    // ---------------------------------------------------------------- ingest

    private void consume(Subscription stf, Subscription daq) {
        List<Frame> batch = new ArrayList<>();
        while (!stopping) {
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
                lastError = e.toString();
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
                register(stfRow(frame, t, row));
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
                    getOrCreateRun(run, at, stringOrNull(t, "run_conditions", row));
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
                lastError = e.getMessage();
            }
        }
    }

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
            ignored.incrementAndGet();
            LOG.debug("fast monitoring ignores {} on {}", t, broadcastTopic);
            return;
        }
        if (!"stf_ready".equals(t)) {
            refuse("unknown_msg_type", "'" + abbreviate(t) + "' in " + abbreviate(text));
            return;
        }
        try {
            register(stfReady(msg));
        } catch (FieldException e) {
            refuse("bad_stf_ready", e.getMessage() + " in " + abbreviate(text));
        }
    }

    private void refuse(String reason, String detail) {
        refused.refuse(reason, detail);
        lastError = refused.last();
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

    private void reject(String why) {
        rejected.incrementAndGet();
        lastError = why;
        LOG.warn("fast monitoring rejected {}", why);
    }

    // ---------------------------------------------------------------- registration and distribution

    /** The outcome of a registration: the STF (existing one for a duplicate) and its TF samples. */
    public record Registration(StfFile stf, List<TfFile> tfs, boolean duplicate) {
    }

    /** What one registration transaction produced: the registration and the subscribers active at that time. */
    private record Registered(Registration registration, List<Subscriber> subscribers) {
    }

    /**
     * Registers an STF file (the run is created if needed), samples its TFs and distributes them. A file_url
     * registered before is not registered again: the existing file comes back with {@code duplicate = true}.
     */
    public Registration register(StfRequest request) {
        StfRequest r = request.validated();
        String metadata = jsonObject("metadata", r.metadata());
        Registered done;
        synchronized (this) {
            done = inTransaction(em -> {
                List<StfFile> existing = em.createQuery("SELECT s FROM StfFile s WHERE s.fileUrl = :u", StfFile.class)
                        .setParameter("u", r.fileUrl()).getResultList();
                if (!existing.isEmpty()) {
                    return new Registered(new Registration(existing.get(0), List.of(), true), List.of());
                }
                Timestamp created = r.creationTime() != null ? r.creationTime() : now();
                Run run = findOrCreateRun(em, r.runNumber(), created, null).run();
                StfFile stf = new StfFile(UUID.randomUUID().toString(), run, r.fileUrl());
                stf.setSizeBytes(r.sizeBytes());
                stf.setChecksum(r.checksum());
                if (r.machineState() != null && !r.machineState().isBlank()) {
                    stf.setMachineState(r.machineState());
                }
                stf.setStfIdentifier(r.stfIdentifier() != null ? r.stfIdentifier() : baseName(r.fileUrl()));
                stf.setMetadata(metadata);
                stf.setCreationTime(created);
                em.persist(stf);
                stf.moveTo(FileStatus.PROCESSING);
                List<TfFile> samples = sample(stf, r.tfFiles() != null ? r.tfFiles() : tfFilesPerStf,
                        r.tfSizeFraction() != null ? r.tfSizeFraction() : tfSizeFraction);
                samples.forEach(em::persist);
                stf.moveTo(FileStatus.PROCESSED);
                List<Subscriber> subscribers = em
                        .createQuery("SELECT s FROM Subscriber s WHERE s.active = TRUE ORDER BY s.id", Subscriber.class)
                        .getResultList();
                return new Registered(new Registration(stf, samples, false), subscribers);
            });
        }
        Registration reg = done.registration();
        if (reg.duplicate()) {
            duplicates.incrementAndGet();
            return reg;
        }
        registered.incrementAndGet();
        tfs.addAndGet(reg.tfs().size());
        distribute(reg.stf(), reg.tfs(), done.subscribers());
        return reg;
    }

    /** TF samples of an STF: one contiguous block per partition of the STF's time frames (testbed scheme). */
    private List<TfFile> sample(StfFile stf, int tfFilesPerStf, double tfSizeFraction) {
        List<TfFile> out = new ArrayList<>(tfFilesPerStf);
        String base = baseName(stf.getFileUrl()).replaceFirst("\\.[A-Za-z0-9]+$", "");
        int partition = Math.max(1, tfCount / tfFilesPerStf);
        int block = (int) Math.max(1, Math.round(partition * Math.min(1.0, tfSizeFraction)));
        long stfSize = stf.getSizeBytes() != null ? stf.getSizeBytes() : 0;
        Timestamp created = now();
        for (int i = 0; i < tfFilesPerStf; i++) {
            int first = i * partition + random.nextInt(Math.max(1, partition - block + 1));
            long size = Math.max(0, Math.round(stfSize * tfSizeFraction * (1 + 0.1 * random.nextGaussian())));
            TfFile tf = new TfFile(UUID.randomUUID().toString(), stf, String.format("%s_tf_%03d.tf", base, i + 1),
                    size, first, first + block - 1, created);
            tf.moveTo(FileStatus.PROCESSING);
            tf.moveTo(FileStatus.PROCESSED);
            out.add(tf);
        }
        return out;
    }

    private void distribute(StfFile stf, List<TfFile> samples, List<Subscriber> subscribers) {
        List<Dispatch> log = new ArrayList<>();
        Map<Long, long[]> counts = new LinkedHashMap<>(); // subscriber id → {sent, dropped}
        boolean broadcastFailed = false;
        for (TfFile tf : samples) {
            String msg = tfRegistered(stf, tf);
            broadcastFailed |= !send(stf, tf, null, broadcastTopic, msg, log);
            for (Subscriber s : subscribers) {
                if (random.nextDouble() < s.getFraction()) {
                    boolean ok = send(stf, tf, s.getId(), s.getDestination(), msg, log);
                    counts.computeIfAbsent(s.getId(), k -> new long[2])[ok ? 0 : 1]++;
                }
            }
        }
        FileStatus outcome = broadcastFailed ? FileStatus.FAILED : FileStatus.DONE;
        // the lifecycle is checked on the objects; the rows change in two statements, guarded by their
        // current status so a concurrent change (REST) is not overwritten
        for (TfFile tf : samples) {
            tf.moveTo(outcome);
        }
        stf.moveTo(outcome);
        synchronized (this) {
            inTransaction(em -> {
                log.forEach(em::persist);
                em.createQuery("UPDATE TfFile t SET t.status = :next WHERE t.stfFileId = :stf AND t.status = :current")
                        .setParameter("next", outcome.wire()).setParameter("stf", stf.getId())
                        .setParameter("current", FileStatus.PROCESSED.wire()).executeUpdate();
                em.createQuery("UPDATE StfFile s SET s.status = :next WHERE s.id = :stf AND s.status = :current")
                        .setParameter("next", outcome.wire()).setParameter("stf", stf.getId())
                        .setParameter("current", FileStatus.PROCESSED.wire()).executeUpdate();
                counts.forEach((id, c) -> em.createQuery(
                        "UPDATE Subscriber s SET s.sent = s.sent + :sent, s.dropped = s.dropped + :dropped "
                                + "WHERE s.id = :id")
                        .setParameter("sent", c[0]).setParameter("dropped", c[1]).setParameter("id", id)
                        .executeUpdate());
                return null;
            });
        }
    }

    private boolean send(StfFile stf, TfFile tf, Long subscriber, String destination, String msg, List<Dispatch> log) {
        String error = null;
        try {
            broker.publish(destination, msg);
            dispatched.incrementAndGet();
        } catch (BrokerException e) {
            error = e.getMessage();
            lastError = error;
            dispatchFailures.incrementAndGet();
        }
        log.add(new Dispatch(UUID.randomUUID().toString(), stf.getId(), tf.getId(), subscriber, destination, now(), msg,
                error == null, error));
        return error == null;
    }

    private String tfRegistered(StfFile stf, TfFile tf) {
        ObjectNode m = JSON.createObjectNode();
        m.put("msg_type", "tf_file_registered");
        m.put("processed_by", agent);
        m.put("tf_file_id", tf.getId());
        m.put("tf_filename", tf.getFilename());
        m.put("file_size_bytes", tf.getSizeBytes());
        m.put("stf_filename", stf.getStfIdentifier());
        m.put("stf_file_id", stf.getId());
        m.put("run_number", stf.getRun().getRunNumber());
        m.put("status", FileStatus.DONE.wire());
        m.put("tf_first", tf.getTfFirst());
        m.put("tf_last", tf.getTfLast());
        m.put("tf_count", tf.getTfCount());
        m.put("timestamp", Instant.now().toString());
        m.put("message", "TF sample " + tf.getTfFirst() + ".." + tf.getTfLast() + " of " + stf.getStfIdentifier());
        return m.toString();
    }

    private void status(String status, Long run) {
        ObjectNode m = JSON.createObjectNode();
        m.put("msg_type", "fastmon_status");
        m.put("processed_by", agent);
        m.put("status", status);
        m.put("message", "registered " + registered.get() + " STF, " + tfs.get() + " TF, " + dispatched.get()
                + " dispatches, " + dispatchFailures.get() + " failed");
        m.put("timestamp", Instant.now().toString());
        if (run != null) {
            m.put("run_id", run);
        }
        try {
            broker.publish(broadcastTopic, m.toString());
        } catch (BrokerException e) {
            LOG.debug("fastmon_status not sent: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- runs, files, subscribers

    public record RunResult(Run run, boolean created) {
    }

    /** The run with this number, created (start time, conditions) if there is none: the seed's get_or_create. */
    public synchronized RunResult getOrCreateRun(long runNumber, Timestamp start, String conditions) {
        if (runNumber < 0) {
            throw new FieldException("run_number", "must be >= 0, got " + runNumber);
        }
        FieldException.checkTime("start_time", start);
        String json = conditions == null ? null : jsonObject("run_conditions", conditions);
        return inTransaction(em -> findOrCreateRun(em, runNumber, start != null ? start : now(), json));
    }

    private RunResult findOrCreateRun(EntityManager em, long runNumber, Timestamp start, String conditions) {
        List<Run> runs = em.createQuery("SELECT r FROM Run r WHERE r.runNumber = :n", Run.class)
                .setParameter("n", runNumber).getResultList();
        if (!runs.isEmpty()) {
            return new RunResult(runs.get(0), false);
        }
        Run run = new Run(runNumber, start, conditions != null ? conditions : "{\"auto_created\":true}");
        em.persist(run);
        em.flush(); // the identity id is needed by the files that follow
        return new RunResult(run, true);
    }

    public synchronized Run updateRun(long runNumber, Timestamp end, String conditions) {
        FieldException.checkTime("end_time", end);
        String json = conditions == null ? null : jsonObject("run_conditions", conditions);
        return inTransaction(em -> {
            Run run = runByNumber(em, runNumber);
            if (end != null) {
                if (end.before(run.getStartTime())) {
                    throw new FieldException("end_time", "before start_time " + run.getStartTime().toInstant());
                }
                run.setEndTime(end);
            }
            if (json != null) {
                run.setConditions(json);
            }
            return run;
        });
    }

    void endRun(long runNumber, Timestamp end) {
        try {
            updateRun(runNumber, end, null);
        } catch (NotFoundException e) {
            getOrCreateRun(runNumber, end, null);
            updateRun(runNumber, end, null);
        }
        status("run_ended", runNumber);
    }

    private static Run runByNumber(EntityManager em, long runNumber) {
        List<Run> runs = em.createQuery("SELECT r FROM Run r WHERE r.runNumber = :n", Run.class)
                .setParameter("n", runNumber).getResultList();
        if (runs.isEmpty()) {
            throw new NotFoundException("run " + runNumber);
        }
        return runs.get(0);
    }

    public Run run(long runNumber) {
        return inTransaction(em -> runByNumber(em, runNumber));
    }

    public List<Run> runs(int limit) {
        return inTransaction(em -> em.createQuery("SELECT r FROM Run r ORDER BY r.runNumber DESC", Run.class)
                .setMaxResults(limit).getResultList());
    }

    /** STF and TF counts of a run: {stf files, tf files}. */
    public long[] counts(long runNumber) {
        return inTransaction(em -> {
            Run run = runByNumber(em, runNumber);
            long stf = em.createQuery("SELECT COUNT(s) FROM StfFile s WHERE s.run.id = :r", Long.class)
                    .setParameter("r", run.getId()).getSingleResult();
            long tf = em.createQuery("SELECT COUNT(t) FROM TfFile t WHERE t.runId = :r", Long.class)
                    .setParameter("r", run.getId()).getSingleResult();
            return new long[] { stf, tf };
        });
    }

    public StfFile stfFile(String id) {
        FieldException.checkText("file_id", id, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            StfFile f = em.find(StfFile.class, id);
            if (f == null) {
                throw new NotFoundException("STF file " + id);
            }
            return f;
        });
    }

    public List<StfFile> stfFiles(Long runNumber, FileStatus status, int limit) {
        return inTransaction(em -> {
            StringBuilder q = new StringBuilder("SELECT s FROM StfFile s WHERE 1 = 1");
            if (runNumber != null) {
                q.append(" AND s.run.runNumber = :run");
            }
            if (status != null) {
                q.append(" AND s.status = :status");
            }
            TypedQuery<StfFile> query = em.createQuery(q + " ORDER BY s.creationTime DESC", StfFile.class);
            if (runNumber != null) {
                query.setParameter("run", runNumber);
            }
            if (status != null) {
                query.setParameter("status", status.wire());
            }
            return query.setMaxResults(limit).getResultList();
        });
    }

    /** Moves an STF file to a new status; {@link org.daqhub.fastmon.model.IllegalTransitionException} if not allowed. */
    public synchronized StfFile moveStf(String id, FileStatus next) {
        FieldException.checkText("file_id", id, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            StfFile f = em.find(StfFile.class, id);
            if (f == null) {
                throw new NotFoundException("STF file " + id);
            }
            f.moveTo(next);
            return f;
        });
    }

    public TfFile tfFile(String id) {
        FieldException.checkText("tf_file_id", id, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            TfFile f = em.find(TfFile.class, id);
            if (f == null) {
                throw new NotFoundException("TF file " + id);
            }
            return f;
        });
    }

    public List<TfFile> tfFiles(Long runNumber, String stfId, FileStatus status, int limit) {
        FieldException.checkText("stf", stfId, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            StringBuilder q = new StringBuilder("SELECT t FROM TfFile t WHERE 1 = 1");
            Long runId = runNumber == null ? null : runByNumber(em, runNumber).getId();
            if (runId != null) {
                q.append(" AND t.runId = :run");
            }
            if (stfId != null) {
                q.append(" AND t.stfFileId = :stf");
            }
            if (status != null) {
                q.append(" AND t.status = :status");
            }
            TypedQuery<TfFile> query = em.createQuery(q + " ORDER BY t.creationTime DESC, t.filename", TfFile.class);
            if (runId != null) {
                query.setParameter("run", runId);
            }
            if (stfId != null) {
                query.setParameter("stf", stfId);
            }
            if (status != null) {
                query.setParameter("status", status.wire());
            }
            return query.setMaxResults(limit).getResultList();
        });
    }

    public synchronized TfFile moveTf(String id, FileStatus next) {
        FieldException.checkText("tf_file_id", id, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            TfFile f = em.find(TfFile.class, id);
            if (f == null) {
                throw new NotFoundException("TF file " + id);
            }
            f.moveTo(next);
            return f;
        });
    }

    public List<Subscriber> subscribers() {
        return inTransaction(em -> em.createQuery("SELECT s FROM Subscriber s ORDER BY s.name", Subscriber.class)
                .getResultList());
    }

    public Subscriber subscriber(String name) {
        FieldException.checkText("subscriber_name", name, SUBSCRIBER_NAME_LENGTH);
        return inTransaction(em -> subscriberByName(em, name));
    }

    private static Subscriber subscriberByName(EntityManager em, String name) {
        List<Subscriber> l = em.createQuery("SELECT s FROM Subscriber s WHERE s.name = :n", Subscriber.class)
                .setParameter("n", name).getResultList();
        if (l.isEmpty()) {
            throw new NotFoundException("subscriber " + name);
        }
        return l.get(0);
    }

    /** subscribers.subscriber_name VARCHAR(255); a new name is held to 200 characters of a topic name */
    static final int SUBSCRIBER_NAME_LENGTH = 255;
    /** subscribers.description TEXT: no length of its own, the request body's limit holds it */
    static final int DESCRIPTION_LENGTH = Integer.MAX_VALUE;

    /** Changes to a subscriber; null fields stay as they are. */
    public record SubscriberChange(Double fraction, String description, Boolean active, String deliveryType,
            String destination) {
        void validate() {
            if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
                throw new FieldException("fraction", "must be between 0 and 1, got " + fraction);
            }
            FieldException.checkText("description", description, DESCRIPTION_LENGTH);
            if (deliveryType != null && !deliveryType.equals("activemq")) {
                throw new FieldException("delivery_type", "only 'activemq' is supported, got '" + deliveryType + "'");
            }
            if (destination != null && !destination.matches("[A-Za-z0-9_.\\-]{1,200}")) {
                throw new FieldException("destination", "must be a topic name of letters, digits, '_', '.', '-'");
            }
        }
    }

    public synchronized Subscriber createSubscriber(String name, SubscriberChange c) {
        if (name == null || !name.matches("[A-Za-z0-9_.\\-]{1,200}")) {
            throw new FieldException("subscriber_name", "required: 1-200 letters, digits, '_', '.', '-'");
        }
        if (c.fraction() == null) {
            throw new FieldException("fraction", "is required (0 to 1)");
        }
        c.validate();
        return inTransaction(em -> {
            if (!em.createQuery("SELECT s FROM Subscriber s WHERE s.name = :n", Subscriber.class).setParameter("n", name)
                    .getResultList().isEmpty()) {
                throw new ConflictException("subscriber_name", "subscriber '" + name + "' exists");
            }
            Subscriber s = new Subscriber(name, c.fraction(),
                    c.destination() != null ? c.destination() : "fastmon." + name, now());
            apply(s, c);
            em.persist(s);
            return s;
        });
    }

    public synchronized Subscriber updateSubscriber(String name, SubscriberChange c) {
        FieldException.checkText("subscriber_name", name, SUBSCRIBER_NAME_LENGTH);
        c.validate();
        return inTransaction(em -> {
            Subscriber s = subscriberByName(em, name);
            apply(s, c);
            return s;
        });
    }

    private static void apply(Subscriber s, SubscriberChange c) {
        if (c.fraction() != null) {
            s.setFraction(c.fraction());
        }
        if (c.description() != null) {
            s.setDescription(c.description());
        }
        if (c.active() != null) {
            s.setActive(c.active());
        }
        if (c.deliveryType() != null) {
            s.setDeliveryType(c.deliveryType());
        }
        if (c.destination() != null) {
            s.setDestination(c.destination());
        }
    }

    public List<Dispatch> dispatches(String stfId, Long subscriberId, int limit) {
        FieldException.checkText("stf", stfId, StfRequest.FILE_ID_LENGTH);
        return inTransaction(em -> {
            StringBuilder q = new StringBuilder("SELECT d FROM Dispatch d WHERE 1 = 1");
            if (stfId != null) {
                q.append(" AND d.stfFileId = :stf");
            }
            if (subscriberId != null) {
                q.append(" AND d.subscriberId = :sub");
            }
            TypedQuery<Dispatch> query = em.createQuery(q + " ORDER BY d.time DESC", Dispatch.class);
            if (stfId != null) {
                query.setParameter("stf", stfId);
            }
            if (subscriberId != null) {
                query.setParameter("sub", subscriberId);
            }
            return query.setMaxResults(limit).getResultList();
        });
    }

    // ---------------------------------------------------------------- plumbing

    private <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Validates a JSON object text; {@link FieldException} names the field otherwise. */
    static String jsonObject(String field, String text) {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new FieldException(field, "must be a JSON object");
            }
            return n.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FieldException(field, "not valid JSON: " + e.getOriginalMessage());
        }
    }

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

    static String baseName(String url) {
        int slash = url.lastIndexOf('/');
        return slash >= 0 ? url.substring(slash + 1) : url;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return ""; // a text message without a body
        }
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("stf_registered", registered.get());
        m.put("stf_duplicates", duplicates.get());
        m.put("frames_rejected", rejected.get());
        m.put("tf_registered", tfs.get());
        m.put("dispatched", dispatched.get());
        m.put("dispatch_failures", dispatchFailures.get());
        m.put("broker_ignored", ignored.get());
        m.put("broker_refused", refused.total());
        refused.counts().forEach((reason, n) -> m.put("broker_refused_" + reason, n));
        return m;
    }

    @Override
    public List<InstanceStatus> instances() {
        // Drops: failed dispatches, rejected frames and refused broker messages; the counters say which broker
        // messages were ignored and which refused for what reason
        Map<String, Long> broker = new LinkedHashMap<>();
        broker.put("broker_ignored", ignored.get());
        refused.counts().forEach((reason, n) -> broker.put("broker_refused_" + reason, n));
        return List.of(new InstanceStatus("service", "fastmon", "org.daqhub.fastmon", "RUNNING", registered.get(), 0, 0,
                0, 0, dispatchFailures.get() + rejected.get() + refused.total(), 0,
                subscriptions.stream().mapToInt(Subscription::depth).sum(), lastError, 0, 0, 0, broker));
    }

    @Override
    public boolean restart(String instance) {
        return false;
    }

    @Deactivate
    public void deactivate() {
        stopping = true;
        if (consumer != null) {
            consumer.interrupt();
            try {
                consumer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscriptions.forEach(Subscription::close);
        if (stfReadyListener != null) {
            try {
                stfReadyListener.close();
            } catch (Exception e) {
                LOG.debug("closing stf_ready listener: {}", e.toString());
            }
        }
    }
}
