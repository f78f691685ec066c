package org.daqhub.core.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running by a daqhub that was killed (no shutdown hook ran) still holds the data directory
 * and port; the new start would fail. Stop it first: it is ours, it runs on our data directory.
 */
final class PostmasterPid {
    private static final Logger LOG = LoggerFactory.getLogger(PostmasterPid.class);

    private PostmasterPid() {
    }

    static Optional<Long> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve("postmaster.pid");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void stopOrphan(Path dataDir) throws IOException, InterruptedException {
        Optional<Long> pid = read(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
        if (process.isPresent() && process.get().isAlive()
                && process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            LOG.warn("stopping a PostgreSQL (pid {}) left running on {} by an earlier daqhub", pid.get(), dataDir);
            process.get().destroy(); // SIGTERM = PostgreSQL "smart" shutdown
            try {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
        }
    }
}
