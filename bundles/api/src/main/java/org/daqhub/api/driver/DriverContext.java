package org.daqhub.api.driver;

/** What the supervisor hands a running {@link Driver}. One context per run attempt. */
public interface DriverContext {
    /** Instance name (from the cfg file name: {@code org.daqhub.driver.simulator-detector1.cfg} gives "detector1"). */
    String instance();

    /**
     * A publisher for stream {@code stream}; its frames go to topic {@code data.<instance>.<stream>}, with
     * sequence numbers counting from 0 per stream and continuing across restarts of the driver and of the
     * platform (see docs/wire-format.md).
     */
    FramePublisher publisher(String stream);

    /** True once the platform wants the driver to return from {@code run}. Check it in every loop. */
    boolean stopping();

    /** Tells the watchdog the driver is alive when it has nothing to publish (publishing counts too). */
    void heartbeat();

    /** Sets the run number stamped on frames published from now on. */
    void runNumber(long runNumber);
}
