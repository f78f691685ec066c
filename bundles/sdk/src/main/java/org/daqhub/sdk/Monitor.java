package org.daqhub.sdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Entry point of the job-monitoring SDK.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.fromEnvironment();              // DAQHUB_URL, SITE_ID
 *      Job job = monitor.job("site1", "reco", "daily-batch")) {
 *     job.progress(42);
 *     try (Job step = job.subjob("step-1")) {
 *         ...
 *     }
 * }
 * }</pre>
 * A job reports {@code started} when created, {@code progress} on request and {@code finished} on close,
 * with CPU user/system seconds, peak memory and duration. Code that may throw reports the failure with
 * {@link Job#run} / {@link Job#call} (or {@link Job#fail} before close): status failed, error type and message,
 * the exception rethrown.
 */
public final class Monitor implements AutoCloseable {
    private final Emitter emitter;
    private final String siteId;
    private final String appVersion;

    private Monitor(Emitter emitter, String siteId, String appVersion) {
        this.emitter = emitter;
        this.siteId = siteId;
        this.appVersion = appVersion;
    }

    /**
     * From {@code DAQHUB_URL} (else the seed SDK's {@code SIDECAR_URL}, default http://localhost:8181) and
     * {@code SITE_ID} (default "default").
     */
    public static Monitor fromEnvironment() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A job of {@code app} at the site given to the builder. */
    public Job job(String app, String businessKey) {
        return job(siteId, app, businessKey);
    }

    /** Starts a job: sends {@code started} now, {@code finished} on close. */
    public Job job(String site, String app, String businessKey) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(app, "app");
        return new Job(this, site, app, appVersion, "job", UUID.randomUUID().toString(), null, businessKey, null);
    }

    Emitter emitter() {
        return emitter;
    }

    /** Events not yet delivered (spooled while daqhub is unreachable). */
    public int pending() {
        return emitter.pending();
    }

    /**
     * Events moved to the dead-letter file ({@code dead-letter.jsonl} in the spool directory) since this monitor
     * started: refused by daqhub, or answered 5xx again and again while daqhub stored the events after them.
     */
    public long deadLettered() {
        return emitter.deadLettered();
    }

    /** Sends what is spooled, if daqhub answers, and stops the background sender. */
    @Override
    public void close() {
        emitter.close();
    }

    public static final class Builder {
        private String url = env("DAQHUB_URL", env("SIDECAR_URL", "http://localhost:8181")); // SIDECAR_URL: the seed SDK's name
        private String siteId = env("SITE_ID", "default");
        private String appVersion = "";
        private Path spool = Path.of(System.getProperty("java.io.tmpdir"), "daqhub-sdk-spool");
        private int tries = 3;
        private Duration backoff = Duration.ofMillis(100);
        private Duration drainInterval = Duration.ofSeconds(2);
        private int deadLetterAfter = 5;
        private String token = env("DAQHUB_TOKEN", null);
        private Emitter emitter;

        private static String env(String name, String def) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? def : v;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder siteId(String siteId) {
            this.siteId = siteId;
            return this;
        }

        public Builder appVersion(String appVersion) {
            this.appVersion = appVersion;
            return this;
        }

        /** Where events wait while daqhub is unreachable (default: java.io.tmpdir/daqhub-sdk-spool). */
        public Builder spoolDirectory(Path spool) {
            this.spool = spool;
            return this;
        }

        /** Attempts per event before it is spooled (default 3), and the first pause (doubling, at most 2 s). */
        public Builder retries(int tries, Duration firstBackoff) {
            this.tries = tries;
            this.backoff = firstBackoff;
            return this;
        }

        public Builder drainInterval(Duration drainInterval) {
            this.drainInterval = drainInterval;
            return this;
        }

        /**
         * 5xx answers to a spooled event (alone or in its batch of the spool) before its batch is sent event by
         * event to find the events that fail (default 5). An event that then fails alone goes to the dead-letter
         * file once an event after it is stored; while daqhub fails every event, or does not answer, all stay.
         */
        public Builder deadLetterAfter(int failedAnswers) {
            this.deadLetterAfter = failedAnswers;
            return this;
        }

        /**
         * The API token sent as {@code Authorization: Bearer} (default: the environment's DAQHUB_TOKEN); create one
         * with {@code daqhub:token-create NAME operator}. Without one daqhub answers 401 and events stay spooled.
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Another destination for the events (e.g. for tests or a different transport). */
        public Builder emitter(Emitter emitter) {
            this.emitter = emitter;
            return this;
        }

        public Monitor build() {
            Emitter e = emitter != null ? emitter : new HttpEmitter(url, token, spool, tries, backoff, drainInterval,
                    deadLetterAfter);
            return new Monitor(e, siteId, appVersion);
        }
    }
}
