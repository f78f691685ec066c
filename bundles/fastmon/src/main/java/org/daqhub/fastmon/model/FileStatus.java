package org.daqhub.fastmon.model;

import java.util.Locale;
import java.util.Set;

/**
 * Lifecycle of an STF or TF file: registered (in the database) → processing (pre-treatment) → processed
 * (ready to dispatch) → done (sent to the broker). {@code failed} is reachable from every state but done;
 * done and failed are terminal.
 */
public enum FileStatus {
    REGISTERED, PROCESSING, PROCESSED, DONE, FAILED;

    public boolean terminal() {
        return this == DONE || this == FAILED;
    }

    /** Whether a file in this state may move to {@code next}. */
    public boolean canMoveTo(FileStatus next) {
        if (terminal()) {
            return false;
        }
        return next == FAILED || next.ordinal() == ordinal() + 1;
    }

    /** Moves or throws {@link IllegalTransitionException} naming both states and the allowed ones. */
    public FileStatus moveTo(FileStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
        return next;
    }

    public Set<FileStatus> next() {
        if (terminal()) {
            return Set.of();
        }
        return Set.of(values()[ordinal() + 1], FAILED);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case name; null for an unknown one. */
    public static FileStatus parse(String s) {
        for (FileStatus f : values()) {
            if (f.wire().equals(s)) {
                return f;
            }
        }
        return null;
    }
}
