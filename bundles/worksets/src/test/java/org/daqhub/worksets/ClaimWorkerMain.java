package org.daqhub.worksets;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.daqhub.api.http.ApiException;
import org.daqhub.core.persistence.PostgresDatabase;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One worker node of {@link ClaimRaceTest}, a JVM of its own with its own connection pool:
 * {@code work URL PASSWORD OWNER THREADS OUT} claims, starts and completes worksets until the queue is empty,
 * writing "id owner token" per completion to OUT (and "REFUSED ..." for any of its writes refused);
 * {@code hold URL PASSWORD OWNER ID} locks one workset, heartbeats it and prints "HOLDING token" until killed.
 */
public final class ClaimWorkerMain {
    private ClaimWorkerMain() {
    }

    public static void main(String[] a) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(a[1]);
        cfg.setUsername("postgres");
        cfg.setPassword(a[2]);
        cfg.setMaximumPoolSize(a[0].equals("work") ? Integer.parseInt(a[4]) + 2 : 3); // + the LISTEN connection
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            Worksets worksets = new Worksets(PostgresDatabase.over(ds), Map.of("heartbeat.s", "1", "lease.s", "2",
                    "sweep.interval.ms", "200"));
            if (a[0].equals("hold")) {
                WorksetViews.Lease l = worksets.leases().lock(a[4], a[3], false, a[3]);
                // a live holder heartbeats every second until it is killed (SIGKILL stops it mid-lease)
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(
                        () -> worksets.leases().heartbeat(a[4], a[3], l.fencingToken()), 1, 1,
                        java.util.concurrent.TimeUnit.SECONDS);
                System.out.println("HOLDING " + l.fencingToken());
                System.out.flush();
                new java.util.concurrent.CountDownLatch(1).await();
            }
            work(worksets, a[3], Integer.parseInt(a[4]), Path.of(a[5]));
            worksets.deactivate();
        }
    }

    private static void work(Worksets worksets, String owner, int threads, Path out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = owner + "-t" + t;
                done.add(pool.submit(() -> {
                    while (true) {
                        Optional<WorksetViews.Lease> got = worksets.leases().claim(me, me);
                        if (got.isEmpty()) {
                            return null;
                        }
                        WorksetViews.Lease l = got.get();
                        try {
                            worksets.change(l.worksetId(), new Worksets.Change(WorksetState.IN_PROGRESS, "go", null, null,
                                    null, me, l.fencingToken()), me);
                            worksets.change(l.worksetId(), new Worksets.Change(WorksetState.COMPLETE, "done", null, null,
                                    null, me, l.fencingToken()), me);
                            synchronized (w) {
                                w.println(l.worksetId() + " " + me + " " + l.fencingToken());
                            }
                        } catch (ApiException e) {
                            synchronized (w) {
                                w.println("REFUSED " + l.worksetId() + " " + me + " " + e.getMessage());
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
