package org.daqhub.fastmon.model;

import java.util.stream.Collectors;

/** A status change the file lifecycle does not allow. */
public class IllegalTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(FileStatus from, FileStatus to) {
        super("status cannot change from " + from.wire() + " to " + to.wire() + (from.terminal()
                ? " (" + from.wire() + " is final)"
                : " (allowed: " + from.next().stream().map(FileStatus::wire).sorted().collect(Collectors.joining(", "))
                        + ")"));
    }
}
