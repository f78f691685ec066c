package org.daqhub.importer.enrgdaq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/**
 * Translates an ENRGDAQ configuration directory (supervisor.toml and *.toml job files, the shapes of ENRGDAQ's own
 * configs/examples) into daqhub etc/ files: test and benchmark jobs become simulator instances, every
 * {@code store_config.<kind>} of a job a store instance subscribed to that job's topics, store jobs' connection
 * settings go into those instances, the remote job and the federation settings into the bus's remote link.
 */
final class EnrgdaqImport {
    private static final TomlMapper TOML = new TomlMapper();
    private static final List<String> STORE_KINDS = List.of("csv", "raw", "hdf5", "redis", "mysql", "memory", "root");

    private final ImportPlan plan = new ImportPlan();
    /** Connection settings of ENRGDAQ's store jobs (DAQJobStoreMySQL...), by store kind, with their file. */
    private final Map<String, Map<String, String>> connections = new HashMap<>();
    private final List<Runnable> storesAfterConnections = new ArrayList<>();

    private EnrgdaqImport() {
    }

    static ImportPlan plan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        EnrgdaqImport i = new EnrgdaqImport();
        Path supervisor = dir.resolve("supervisor.toml");
        if (Files.exists(supervisor)) {
            i.supervisor(read(supervisor));
        }
        List<Path> jobs;
        try (Stream<Path> s = Files.list(dir)) {
            jobs = s.filter(p -> p.getFileName().toString().endsWith(".toml") && !p.equals(supervisor)).sorted().toList();
        }
        if (jobs.isEmpty() && !Files.exists(supervisor)) {
            throw new IOException("no supervisor.toml and no *.toml job file in " + dir);
        }
        for (Path job : jobs) {
            i.job(job.getFileName().toString(), read(job));
        }
        i.storesAfterConnections.forEach(Runnable::run); // a store job's file may sort after the job using it
        i.dropCollisions();
        return i.plan;
    }

    /** Two ENRGDAQ jobs that map to one daqhub instance name: the second is listed, never silently dropped. */
    private void dropCollisions() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Iterator<ImportPlan.CfgFile> it = plan.files.iterator(); it.hasNext();) {
            ImportPlan.CfgFile f = it.next();
            if (!seen.add(f.name())) {
                it.remove();
                plan.skip(f.source(), f.name(), "another job already maps to this instance name; rename one (daq_job_unique_id)");
            }
        }
        for (ImportPlan.CfgFile f : plan.files) {
            for (Map.Entry<String, String> e : f.properties().entrySet()) {
                if (e.getValue().contains("${")) {
                    plan.skip(f.source(), f.name() + " " + e.getKey(), "contains ${, which Karaf would substitute: set it by hand");
                }
            }
        }
        plan.files.removeIf(f -> f.properties().values().stream().anyMatch(v -> v.contains("${")));
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return TOML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file.getFileName() + " is not valid TOML: " + e.getMessage(), e);
        }
    }

    private void supervisor(JsonNode t) {
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "info" -> plan.skip("supervisor.toml", "[info]", "daqhub names its node itself; the supervisor id and tags have no use");
                case "cnc" -> plan.skip("supervisor.toml", "[cnc]", "daqhub's remote control is always there: /api/v1/instances and the shell");
                case "federation" -> federation(e.getValue());
                case "ring_buffer_size_mb", "ring_buffer_slot_size_kb" -> plan.skip("supervisor.toml", e.getKey(),
                        "daqhub hands frames over by reference inside the JVM: no shared-memory ring buffer to size");
                default -> plan.skip("supervisor.toml", e.getKey(), "not a supervisor key daqhub knows");
            }
        }
    }

    private void federation(JsonNode f) {
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("remote_server_xpub_url")) {
                plan.bus.put("remote.subscribe", e.getValue().asText());
            } else {
                plan.skip("supervisor.toml", "federation." + e.getKey(), "daqhub nodes publish on the bus's tcp.pub.port and "
                        + "subscribe to each other with remote.subscribe; only remote_server_xpub_url maps to that");
            }
        }
    }

    /** ENRGDAQ's job type in one spelling: DAQJobStoreCSV, store_csv and storecsv are all "storecsv". */
    static String type(String daqJobType) {
        String t = daqJobType.trim();
        if (t.startsWith("DAQJob")) {
            t = t.substring("DAQJob".length());
        }
        return t.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** A daqhub instance name from a file or job id: lower case letters, digits and _ (a '-' would end the factory PID). */
    static String instanceName(String s) {
        String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return n.isEmpty() ? "job" : n;
    }

    private void job(String file, JsonNode t) {
        if (!t.hasNonNull("daq_job_type")) {
            plan.skip(file, "the whole file", "no daq_job_type: not an ENRGDAQ job file");
            return;
        }
        String type = type(t.get("daq_job_type").asText());
        String name = instanceName(t.hasNonNull("daq_job_unique_id") ? t.get("daq_job_unique_id").asText() : file.replaceAll("\\.toml$", ""));
        switch (type) {
            case "test", "benchmark" -> simulator(file, name, type, t);
            case "remote" -> remote(file, t);
            default -> {
                String kind = type.startsWith("store") ? type.substring("store".length()) : null;
                if (kind != null && STORE_KINDS.contains(kind)) {
                    storeJob(file, kind, t);
                } else {
                    plan.skip(file, "daq_job_type = " + t.get("daq_job_type").asText(), "no daqhub driver or part for it yet");
                }
            }
        }
    }

    private void simulator(String file, String name, String type, JsonNode t) {
        Map<String, String> p = new LinkedHashMap<>();
        if (type.equals("benchmark")) {
            p.put("rate", "0"); // as fast as the bus takes them
            p.put("mode", "raw");
            if (t.hasNonNull("payload_size")) {
                p.put("frame.size", String.valueOf(Math.max(8, t.get("payload_size").asLong())));
            }
        } else {
            p.put("rate", "1");
            p.put("mode", "tabular");
        }
        p.put("stream", "data");
        plan.files.add(new ImportPlan.CfgFile("org.daqhub.driver.simulator-" + name + ".cfg", file, p));
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("store_config") || key.endsWith("_store_config")) {
                stores(file, name, key.equals("store_config") ? "" : key.substring(0, key.length() - "_store_config".length()), e.getValue());
            } else if (!key.equals("daq_job_type") && !key.equals("daq_job_unique_id") && !key.equals("payload_size")) {
                common(file, key);
            }
        }
    }

    private void common(String file, String key) {
        switch (key) {
            case "rand_min", "rand_max" -> plan.skip(file, key, "DAQJobTest sends random integers; the simulator sends sine-plus-noise columns");
            case "verbosity" -> plan.skip(file, key, "log levels are Karaf's: log:set DEBUG org.daqhub");
            case "use_shm_when_possible" -> plan.skip(file, key, "frames are handed over by reference inside the JVM");
            case "topics_to_subscribe" -> plan.skip(file, key, "a daqhub store names its topic patterns in its own topics key");
            default -> plan.skip(file, key, "not a key daqhub has an equivalent for");
        }
    }

    /** {@code [store_config.csv]} tables, or the older single {@code [store_config]} with daq_job_store_type. */
    private void stores(String file, String job, String prefix, JsonNode cfg) {
        if (cfg.hasNonNull("daq_job_store_type")) {
            String kind = type(cfg.get("daq_job_store_type").asText()).replace("store", "");
            store(file, job, prefix, kind, cfg);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            store(file, job, prefix, e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
    }

    private void store(String file, String job, String prefix, String kind, JsonNode cfg) {
        String where = (prefix.isEmpty() ? "store_config." : prefix + "_store_config.") + kind;
        if (kind.equals("root")) {
            plan.skip(file, where, "daqhub has no ROOT store yet");
            return;
        }
        if (!STORE_KINDS.contains(kind)) {
            plan.skip(file, where, "not a store kind ENRGDAQ or daqhub has");
            return;
        }
        String name = instanceName(job + (prefix.isEmpty() ? "" : "_" + prefix) + "_" + kind);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("topics", "data." + job + ".*");
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            storeKey(file, where, kind, e.getKey(), e.getValue().asText(), p);
        }
        storesAfterConnections.add(() -> {
            Map<String, String> conn = connections.get(kind);
            if (conn != null) {
                p.putAll(conn);
            } else if (kind.equals("mysql") || kind.equals("redis")) {
                plan.skip(file, where, "no DAQJobStore" + kind + " job file with its connection: daqhub's defaults (see the README) until you set them");
            }
            plan.files.add(new ImportPlan.CfgFile("org.daqhub.store." + kind + "-" + name + ".cfg", file, p));
        });
    }

    private void storeKey(String file, String where, String kind, String key, String value, Map<String, String> p) {
        switch (kind + "." + key) {
            case "csv.file_path", "raw.file_path", "hdf5.file_path" -> {
                Path fp = Path.of(value);
                p.put("file.name", fp.getFileName().toString());
                if (fp.getParent() != null) {
                    p.put("out.dir", fp.getParent().toString());
                }
            }
            case "csv.add_date", "raw.add_date", "hdf5.add_date" -> p.put("add_date", value);
            case "csv.tag", "raw.tag", "hdf5.tag" -> p.put("tag", value);
            case "csv.overwrite" -> p.put("mode", Boolean.parseBoolean(value) ? "overwrite" : "append");
            case "raw.overwrite" -> plan.skip(file, where + ".overwrite", "the raw store appends; rotate.bytes / rotate.seconds start new files");
            case "hdf5.dataset_name" -> plan.skip(file, where + ".dataset_name", "daqhub's HDF5 store names a dataset per topic and column");
            case "redis.key" -> p.put("key", value + ":{topic}");
            case "redis.key_expiration_days" -> p.put("expiry.days", value);
            case "redis.use_timeseries" -> plan.skip(file, where + ".use_timeseries", "daqhub's Redis store writes streams (mode = stream)");
            case "mysql.table_name" -> p.put("table", value);
            case "memory.dispose_after_n_entries" -> p.put("frames.per.topic", value);
            case "memory.void_data" -> plan.skip(file, where + ".void_data", "the memory store keeps frames to look at; to drop data, configure no store");
            default -> plan.skip(file, where + "." + key, "not a key daqhub's " + kind + " store has an equivalent for");
        }
    }

    private void storeJob(String file, String kind, JsonNode t) {
        Map<String, String> conn = new LinkedHashMap<>();
        String host = t.path("host").asText("127.0.0.1");
        switch (kind) {
            case "mysql" -> {
                conn.put("url", "jdbc:mariadb://" + host + ":" + t.path("port").asInt(3306) + "/" + t.path("database").asText("daq"));
                if (t.hasNonNull("user")) {
                    conn.put("user", t.get("user").asText());
                }
                if (t.hasNonNull("password")) {
                    conn.put("password", t.get("password").asText());
                }
            }
            case "redis" -> {
                conn.put("host", host);
                conn.put("port", String.valueOf(t.path("port").asInt(6379)));
                conn.put("database", String.valueOf(t.path("db").asInt(0)));
                if (t.hasNonNull("password")) {
                    conn.put("password", t.get("password").asText());
                }
            }
            default -> {
                // file stores' jobs carry no settings daqhub needs (out_dir is per store instance here)
            }
        }
        for (Iterator<String> it = t.fieldNames(); it.hasNext();) {
            String key = it.next();
            boolean used = key.equals("daq_job_type") || (kind.equals("mysql") && List.of("host", "port", "user", "password", "database").contains(key))
                    || (kind.equals("redis") && List.of("host", "port", "db", "password").contains(key));
            if (!used) {
                plan.skip(file, key, "not a setting of daqhub's " + kind + " store");
            }
        }
        connections.put(kind, conn);
    }

    private void remote(String file, JsonNode t) {
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "daq_job_type" -> {
                }
                case "zmq_remote_url" -> plan.bus.put("remote.subscribe", e.getValue().asText());
                case "zmq_local_url" -> plan.skip(file, "zmq_local_url", "daqhub's bus listens on tcp.pub.port and tcp.sub.port "
                        + "(etc/org.daqhub.bus.cfg, 5560/5561 on 127.0.0.1 unless configured)");
                default -> common(file, e.getKey());
            }
        }
    }
}
