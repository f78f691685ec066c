package org.daqhub.fastmon;

import java.sql.Timestamp;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

/**
 * Fast monitoring's persistence unit as its parts ({@link StfRegistrar}, {@link Bookkeeping}) use it: one
 * transaction per piece of work, and one lock that every write holds. With the lock, registrations and every change
 * of a run, file or subscriber exclude each other, so that a look-up followed by a create (a run, a file_url, a
 * subscriber name) is one step. One instance per component, shared by its parts, so there is one lock.
 */
final class FastmonStore {
    /** Held by every write, see above; reads take no lock. */
    final Object writeLock = new Object();
    private final EntityManagerFactory emf;

    FastmonStore(EntityManagerFactory emf) {
        this.emf = emf;
    }

    <T> T inTransaction(Function<EntityManager, T> work) {
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

    /** Now, as the timestamp columns take it. */
    static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }
}
