package org.daqhub.worksets;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:worksets, daqhub:workset-lock, daqhub:workset-unlock: the queue and its leases from the shell. */
public final class WorksetCommands {
    private WorksetCommands() {
    }

    @Service
    @Command(scope = "daqhub", name = "worksets", description = "Lists worksets in queue order, with their leases, and the count per state")
    public static class ListWorksets implements Action {
        @Reference
        private Worksets worksets;
        @Option(name = "--state", description = "only this state (ready, locked, in_progress, ...)")
        private String state;
        @Option(name = "--limit", description = "at most this many (default 50)")
        private int limit = 50;

        @Override
        public Object execute() {
            ShellTable t = new ShellTable();
            for (String c : new String[] { "Workset", "State", "Priority", "Cost", "Holder", "Lease until", "Token", "Retries", "Updated" }) {
                t.column(c);
            }
            for (WorksetViews.Workset w : worksets.list(state == null ? null : WorksetState.of("--state", state), null,
                    Math.max(1, limit))) {
                t.addRow().addContent(w.worksetId(), w.state(), w.priority(), w.estimatedCost() == null ? "" : w.estimatedCost(),
                        w.lockOwner() == null ? "" : w.lockOwner(), w.lockExpiresAt() == null ? "" : w.lockExpiresAt(),
                        w.fencingToken(), w.retryCount() + "/" + w.maxRetries(), w.updatedAt());
            }
            t.print(System.out);
            StringBuilder counts = new StringBuilder();
            worksets.stats().queueDepth().forEach((s, n) -> {
                if (n > 0) {
                    counts.append(counts.length() == 0 ? "" : ", ").append(s).append(' ').append(n);
                }
            });
            System.out.println(counts.length() == 0 ? "no worksets" : counts);
            return null;
        }
    }

    @Service
    @Command(scope = "daqhub", name = "workset-lock", description = "Takes the lease of a workset for an owner (--force takes a fresh one over; audited)")
    public static class Lock implements Action {
        @Reference
        private Worksets worksets;
        @Argument(index = 0, name = "workset", required = true)
        private String id;
        @Argument(index = 1, name = "owner", required = true, description = "who holds it")
        private String owner;
        @Option(name = "--force", description = "take it even from a holder whose lease is fresh")
        private boolean force;

        @Override
        public Object execute() {
            WorksetViews.Lease l = worksets.leases().lock(id, owner, force, "shell");
            System.out.println("Workset " + l.worksetId() + " is " + l.state() + " by " + l.ownerId() + " until " + l.expiresAt()
                    + ", fencing token " + l.fencingToken() + (l.previousOwner() == null ? "" : " (taken from " + l.previousOwner() + ")"));
            return null;
        }
    }

    @Service
    @Command(scope = "daqhub", name = "workset-unlock", description = "Releases the lease of a workset (its holder only); it goes back to ready")
    public static class Unlock implements Action {
        @Reference
        private Worksets worksets;
        @Argument(index = 0, name = "workset", required = true)
        private String id;
        @Argument(index = 1, name = "owner", required = true, description = "the holder")
        private String owner;

        @Override
        public Object execute() {
            WorksetViews.Workset w = worksets.leases().release(id, owner, null, "shell");
            System.out.println("Workset " + w.worksetId() + " released by " + owner + "; it is " + w.state());
            return null;
        }
    }
}
