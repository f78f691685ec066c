package org.daqhub.api.runtime;

import java.util.List;

/** Implemented by the platform parts that run instances (driver supervisor, store runner). */
public interface RuntimeStatus {
    /** Snapshot of every instance this part runs. */
    List<InstanceStatus> instances();

    /** Restarts the named instance now; false if this part has no such instance. */
    boolean restart(String instance);

    /**
     * Stops the named instance on an operator's request, keeping its configuration: it shows as {@code STOPPED}
     * until {@link #start} (or a change of its configuration, or a daqhub restart) starts it again. False if this
     * part has no such running instance or cannot stop its instances.
     */
    default boolean stop(String instance) {
        return false;
    }

    /** Starts an instance {@link #stop} stopped; false if this part has no such stopped instance. */
    default boolean start(String instance) {
        return false;
    }

    /**
     * Hands a command to the named instances that take commands (drivers implementing
     * {@code org.daqhub.api.driver.DriverCommands}).
     *
     * @return each taking instance's answer; empty if none here takes it
     * @throws IllegalArgumentException when an instance refuses the command, naming what it does not take
     */
    default java.util.List<String> send(String instance, java.util.Map<String, String> command) {
        return java.util.List.of();
    }
}
