package org.daqhub.fastmon;

import static org.daqhub.fastmon.FastmonJson.jsonObject;
import static org.daqhub.fastmon.FastmonStore.now;

import java.sql.Timestamp;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.daqhub.fastmon.model.Dispatch;
import org.daqhub.fastmon.model.FileStatus;
import org.daqhub.fastmon.model.Run;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.Subscriber;
import org.daqhub.fastmon.model.TfFile;

/**
 * Fast monitoring's records as the REST resources, the shell and the intake read and change them: runs, STF and TF
 * files, subscribers and the dispatch log, over JPA. Registering a file is not here but in {@link StfRegistrar};
 * the changes here hold the store's write lock as registrations do, so the two never interleave.
 */
public final class Bookkeeping {
    /** subscribers.subscriber_name VARCHAR(255); a new name is held to 200 characters of a topic name */
    static final int SUBSCRIBER_NAME_LENGTH = 255;

    private final FastmonStore store;

    Bookkeeping(FastmonStore store) {
        this.store = store;
    }

    // ---------------------------------------------------------------- runs

    /** The run with this number, created (start time, conditions) if there is none: the seed's get_or_create. */
    public RunResult getOrCreateRun(long runNumber, Timestamp start, String conditions) {
        synchronized (store.writeLock) {
            if (runNumber < 0) {
                throw new FieldException("run_number", "must be >= 0, got " + runNumber);
            }
            FieldException.checkTime("start_time", start);
            String json = conditions == null ? null : jsonObject("run_conditions", conditions);
            return store.inTransaction(em -> findOrCreateRun(em, runNumber, start != null ? start : now(), json));
        }
    }

    /** Within the caller's transaction (a registration's, too); the caller holds the write lock. */
    static RunResult findOrCreateRun(EntityManager em, long runNumber, Timestamp start, String conditions) {
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

    public Run updateRun(long runNumber, Timestamp end, String conditions) {
        synchronized (store.writeLock) {
            FieldException.checkTime("end_time", end);
            String json = conditions == null ? null : jsonObject("run_conditions", conditions);
            return store.inTransaction(em -> {
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
        return store.inTransaction(em -> runByNumber(em, runNumber));
    }

    public List<Run> runs(int limit) {
        return store.inTransaction(em -> em.createQuery("SELECT r FROM Run r ORDER BY r.runNumber DESC", Run.class)
                .setMaxResults(limit).getResultList());
    }

    /** STF and TF counts of a run: {stf files, tf files}. */
    public long[] counts(long runNumber) {
        return store.inTransaction(em -> {
            Run run = runByNumber(em, runNumber);
            long stf = em.createQuery("SELECT COUNT(s) FROM StfFile s WHERE s.run.id = :r", Long.class)
                    .setParameter("r", run.getId()).getSingleResult();
            long tf = em.createQuery("SELECT COUNT(t) FROM TfFile t WHERE t.runId = :r", Long.class)
                    .setParameter("r", run.getId()).getSingleResult();
            return new long[] { stf, tf };
        });
    }

    // ---------------------------------------------------------------- STF and TF files

    public StfFile stfFile(String id) {
        FieldException.checkText("file_id", id, StfRequest.FILE_ID_LENGTH);
        return store.inTransaction(em -> {
            StfFile f = em.find(StfFile.class, id);
            if (f == null) {
                throw new NotFoundException("STF file " + id);
            }
            return f;
        });
    }

    public List<StfFile> stfFiles(Long runNumber, FileStatus status, int limit) {
        return store.inTransaction(em -> {
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
    public StfFile moveStf(String id, FileStatus next) {
        synchronized (store.writeLock) {
            FieldException.checkText("file_id", id, StfRequest.FILE_ID_LENGTH);
            return store.inTransaction(em -> {
                StfFile f = em.find(StfFile.class, id);
                if (f == null) {
                    throw new NotFoundException("STF file " + id);
                }
                f.moveTo(next);
                return f;
            });
        }
    }

    public TfFile tfFile(String id) {
        FieldException.checkText("tf_file_id", id, StfRequest.FILE_ID_LENGTH);
        return store.inTransaction(em -> {
            TfFile f = em.find(TfFile.class, id);
            if (f == null) {
                throw new NotFoundException("TF file " + id);
            }
            return f;
        });
    }

    public List<TfFile> tfFiles(Long runNumber, String stfId, FileStatus status, int limit) {
        FieldException.checkText("stf", stfId, StfRequest.FILE_ID_LENGTH);
        return store.inTransaction(em -> {
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

    public TfFile moveTf(String id, FileStatus next) {
        synchronized (store.writeLock) {
            FieldException.checkText("tf_file_id", id, StfRequest.FILE_ID_LENGTH);
            return store.inTransaction(em -> {
                TfFile f = em.find(TfFile.class, id);
                if (f == null) {
                    throw new NotFoundException("TF file " + id);
                }
                f.moveTo(next);
                return f;
            });
        }
    }

    // ---------------------------------------------------------------- subscribers and dispatches

    public List<Subscriber> subscribers() {
        return store.inTransaction(em -> em.createQuery("SELECT s FROM Subscriber s ORDER BY s.name", Subscriber.class)
                .getResultList());
    }

    public Subscriber subscriber(String name) {
        FieldException.checkText("subscriber_name", name, SUBSCRIBER_NAME_LENGTH);
        return store.inTransaction(em -> subscriberByName(em, name));
    }

    private static Subscriber subscriberByName(EntityManager em, String name) {
        List<Subscriber> l = em.createQuery("SELECT s FROM Subscriber s WHERE s.name = :n", Subscriber.class)
                .setParameter("n", name).getResultList();
        if (l.isEmpty()) {
            throw new NotFoundException("subscriber " + name);
        }
        return l.get(0);
    }

    public Subscriber createSubscriber(String name, SubscriberChange c) {
        synchronized (store.writeLock) {
            if (name == null || !name.matches("[A-Za-z0-9_.\\-]{1,200}")) {
                throw new FieldException("subscriber_name", "required: 1-200 letters, digits, '_', '.', '-'");
            }
            if (c.fraction() == null) {
                throw new FieldException("fraction", "is required (0 to 1)");
            }
            c.validate();
            return store.inTransaction(em -> {
                if (!em.createQuery("SELECT s FROM Subscriber s WHERE s.name = :n", Subscriber.class)
                        .setParameter("n", name).getResultList().isEmpty()) {
                    throw new ConflictException("subscriber_name", "subscriber '" + name + "' exists");
                }
                Subscriber s = new Subscriber(name, c.fraction(),
                        c.destination() != null ? c.destination() : "fastmon." + name, now());
                apply(s, c);
                em.persist(s);
                return s;
            });
        }
    }

    public Subscriber updateSubscriber(String name, SubscriberChange c) {
        synchronized (store.writeLock) {
            FieldException.checkText("subscriber_name", name, SUBSCRIBER_NAME_LENGTH);
            c.validate();
            return store.inTransaction(em -> {
                Subscriber s = subscriberByName(em, name);
                apply(s, c);
                return s;
            });
        }
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
        return store.inTransaction(em -> {
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
}
