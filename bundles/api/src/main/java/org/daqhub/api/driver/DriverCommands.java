package org.daqhub.api.driver;

import java.util.Map;

/**
 * Implemented by a {@link Driver} that takes commands while it runs (ENRGDAQ's CNC messages): the operator's
 * {@code daqhub:send}, {@code POST /api/v1/instances/{name}/message}. Called on the operator's thread, not the
 * driver's: keep what it changes in volatile fields the acquisition loop reads.
 */
public interface DriverCommands {
    /**
     * Carries out a command, e.g. {@code {"rate": "20"}}.
     *
     * @return the answer shown to the operator
     * @throws IllegalArgumentException naming the key or value it does not take
     */
    String command(Map<String, String> command);
}
