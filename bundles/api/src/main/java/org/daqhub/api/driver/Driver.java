package org.daqhub.api.driver;

/**
 * A device driver: produces frames. Register an implementation as an OSGi service (normally a DS
 * component with a factory configuration, one cfg file per instance); the supervisor runs each instance
 * on its own thread.
 *
 * <p>{@link #run(DriverContext)} returns when {@link DriverContext#stopping()} becomes true. If it throws,
 * the supervisor restarts it with exponential backoff. It must not start threads of its own for the
 * acquisition loop: threads, restarts, counters and the watchdog live in the platform.
 */
public interface Driver {
    /** Acquires data until the context says stop. Throwing means "restart me". */
    void run(DriverContext ctx) throws Exception;
}
