package org.daqhub.api.runtime;

import java.util.List;

/** Implemented by the platform parts that run instances (driver supervisor, store runner). */
public interface RuntimeStatus {
    /** Snapshot of every instance this part runs. */
    List<InstanceStatus> instances();

    /** Restarts the named instance now; false if this part has no such instance. */
    boolean restart(String instance);
}
