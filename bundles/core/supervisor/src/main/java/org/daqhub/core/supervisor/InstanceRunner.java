package org.daqhub.core.supervisor;

import java.util.concurrent.atomic.AtomicLong;

import org.daqhub.api.runtime.InstanceStatus;

/**
 * What a supervisor runs for one instance: a driver's thread ({@link DriverRunner}) or a store's writer
 * ({@link StoreRunner}), with the name, type and frame count both have.
 */
abstract class InstanceRunner {
    final String instance;
    final String type;
    final AtomicLong frames = new AtomicLong();
    /** Keys of the cfg nobody reads ("unknown key out_dir, did you mean out.dir?"), shown while there is no error. */
    volatile String configWarning = "";

    InstanceRunner(String instance, String type) {
        this.instance = instance;
        this.type = type;
    }

    abstract void start();

    /** Once a second: rates, hang detection. */
    abstract void tick();

    abstract void stop();

    /** {@code daqhub:restart}: a driver restarts, a store retries a failing write now. */
    abstract void restartOnRequest();

    abstract InstanceStatus status();

    /** What status shows as the last error: the error, else a warning about the cfg. */
    String shownError(String lastError) {
        return lastError.isEmpty() ? configWarning : lastError;
    }
}
