package org.daqhub.fastmon;

import static org.daqhub.fastmon.FastmonJson.JSON;
import static org.daqhub.fastmon.FastmonJson.jsonObject;
import static org.daqhub.fastmon.FastmonStore.now;
import static org.daqhub.fastmon.StfRequest.baseName;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.daqhub.api.broker.BrokerException;
import org.daqhub.api.broker.MessageBroker;
import org.daqhub.fastmon.model.Dispatch;
import org.daqhub.fastmon.model.FileStatus;
import org.daqhub.fastmon.model.Run;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.Subscriber;
import org.daqhub.fastmon.model.TfFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where every STF file ends, whether it came over the bus, in an stf_ready message or over REST: one transaction
 * stores it (with its run, when new) and its TF samples; then each sample is announced on the broadcast topic and
 * sent to each active subscriber with the subscriber's probability, every send logged as a dispatch, and the files
 * end done, or failed when a broadcast failed. Also sends fast monitoring's own fastmon_status messages.
 */
public final class StfRegistrar {
    // the component's logger: fast monitoring logs under one name, whichever part writes the line
    private static final Logger LOG = LoggerFactory.getLogger(FastMonitor.class);

    private final FastmonStore store;
    private final FastmonCounters counters;
    private final MessageBroker broker;
    private final Random random;
    private final int tfFilesPerStf;
    private final double tfSizeFraction;
    private final int tfCount;
    private final String broadcastTopic;
    private final String agent;

    StfRegistrar(FastmonStore store, FastmonCounters counters, MessageBroker broker, Random random,
            int tfFilesPerStf, double tfSizeFraction, int tfCount, String broadcastTopic, String agent) {
        this.store = store;
        this.counters = counters;
        this.broker = broker;
        this.random = random;
        this.tfFilesPerStf = tfFilesPerStf;
        this.tfSizeFraction = tfSizeFraction;
        this.tfCount = tfCount;
        this.broadcastTopic = broadcastTopic;
        this.agent = agent;
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
        synchronized (store.writeLock) {
            done = store.inTransaction(em -> {
                List<StfFile> existing = em.createQuery("SELECT s FROM StfFile s WHERE s.fileUrl = :u", StfFile.class)
                        .setParameter("u", r.fileUrl()).getResultList();
                if (!existing.isEmpty()) {
                    return new Registered(new Registration(existing.get(0), List.of(), true), List.of());
                }
                Timestamp created = r.creationTime() != null ? r.creationTime() : now();
                Run run = Bookkeeping.findOrCreateRun(em, r.runNumber(), created, null).run();
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
            counters.duplicates.incrementAndGet();
            return reg;
        }
        counters.registered.incrementAndGet();
        counters.tfs.addAndGet(reg.tfs().size());
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
        synchronized (store.writeLock) {
            store.inTransaction(em -> {
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
            counters.dispatched.incrementAndGet();
        } catch (BrokerException e) {
            error = e.getMessage();
            counters.lastError = error;
            counters.dispatchFailures.incrementAndGet();
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

    /** A fastmon_status message on the broadcast topic (started, run_ended) with the counts so far. */
    void status(String status, Long run) {
        ObjectNode m = JSON.createObjectNode();
        m.put("msg_type", "fastmon_status");
        m.put("processed_by", agent);
        m.put("status", status);
        m.put("message", "registered " + counters.registered.get() + " STF, " + counters.tfs.get() + " TF, "
                + counters.dispatched.get() + " dispatches, " + counters.dispatchFailures.get() + " failed");
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
}
