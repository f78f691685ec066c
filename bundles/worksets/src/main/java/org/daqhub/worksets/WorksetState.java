package org.daqhub.worksets;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.daqhub.api.http.ApiException;

/**
 * A workset's states and the moves between them (the seed's state diagram plus its code's retrying and failed):
 * ready ⇄ locked → in_progress → complete | error | ready | retrying | failed; error → ready | ignored;
 * retrying → ready. Complete, ignored and failed are terminal.
 */
public enum WorksetState {
    READY, LOCKED, IN_PROGRESS, COMPLETE, ERROR, RETRYING, FAILED, IGNORED;

    /** The states a lease holds: a write to a workset in one of them must carry the holder's fencing token. */
    static final Set<WorksetState> LEASED = EnumSet.of(LOCKED, IN_PROGRESS);

    Set<WorksetState> next() {
        return switch (this) {
            case READY -> EnumSet.of(LOCKED, IGNORED);
            case LOCKED -> EnumSet.of(READY, IN_PROGRESS);
            case IN_PROGRESS -> EnumSet.of(COMPLETE, ERROR, READY, RETRYING, FAILED);
            case ERROR -> EnumSet.of(READY, IGNORED);
            case RETRYING -> EnumSet.of(READY);
            case COMPLETE, FAILED, IGNORED -> EnumSet.noneOf(WorksetState.class);
        };
    }

    /** The states from which a workset may move to this one. */
    Set<WorksetState> previous() {
        Set<WorksetState> out = EnumSet.noneOf(WorksetState.class);
        for (WorksetState s : values()) {
            if (s.next().contains(this)) {
                out.add(s);
            }
        }
        return out;
    }

    boolean terminal() {
        return next().isEmpty();
    }

    /** The name in the API and the database: lower case, as the seed writes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorksetState of(String field, String s) {
        if (s == null || s.isBlank()) {
            throw ApiException.invalid(field, "is required: one of " + ids());
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "unknown state '" + s + "': one of " + ids());
        }
    }

    static String ids() {
        return String.join(", ", java.util.Arrays.stream(values()).map(WorksetState::id).toList());
    }

    /** Refuses a move the diagram does not have, naming both states (409: the workset is not where you think). */
    void checkMoveTo(String worksetId, WorksetState to) {
        if (!next().contains(to)) {
            throw ApiException.conflict("state", "workset " + worksetId + " is " + id() + "; " + id() + " → " + to.id()
                    + " is not a move a workset can make" + (terminal() ? " (" + id() + " is final)"
                            : " (from " + id() + ": " + String.join(", ", next().stream().map(WorksetState::id).toList()) + ")"));
        }
    }
}
