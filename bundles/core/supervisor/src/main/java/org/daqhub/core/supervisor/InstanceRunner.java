package org.daqhub.core.supervisor;

import org.daqhub.api.runtime.InstanceStatus;

/** What a supervisor runs for one instance: a driver's thread ({@link DriverRunner}) or a store's writer ({@link StoreRunner}). */
interface InstanceRunner {
    String instance();

    String type();

    long frames();

    void start();

    /** Once a second: rates, hang detection. */
    void tick();

    void stop();

    /** {@code daqhub:restart}: a driver restarts, a store retries a failing write now. */
    void restartOnRequest();

    InstanceStatus status();
}
