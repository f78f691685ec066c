package org.daqhub.fastmon.model;

import java.util.stream.Collectors;

/** A status change the file lifecycle does not allow: 409 naming status. */
public class IllegalTransitionException extends org.daqhub.api.http.ApiException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(FileStatus from, FileStatus to) {
        super(409, "status", "cannot change from " + from.wire() + " to " + to.wire() + (from.terminal()
                ? " (" + from.wire() + " is final)"
                : " (allowed: " + from.next().stream().map(FileStatus::wire).sorted().collect(Collectors.joining(", "))
                        + ")"));
    }
}
