package org.daqhub.core.supervisor;

import org.daqhub.api.runtime.InstanceStatus;

/** An instance that could not be started (bad settings); shown in status so operators see why. */
record InstanceProblem(String kind, String instance, String type, String error) {
    InstanceStatus status() {
        return new InstanceStatus(kind, instance, type, "INVALID", 0, 0, 0, 0, 0, 0, 0, 0, error, 0, 0, 0);
    }
}
