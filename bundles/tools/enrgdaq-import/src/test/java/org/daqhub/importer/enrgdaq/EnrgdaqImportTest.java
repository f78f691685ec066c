package org.daqhub.importer.enrgdaq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOML files in the shapes of ENRGDAQ's configs/examples, translated into daqhub etc/ files. */
class EnrgdaqImportTest {
    @TempDir
    Path dir;

    private void file(String name, String toml) throws IOException {
        Files.writeString(dir.resolve(name), toml);
    }

    private static Map<String, String> props(ImportPlan plan, String name) {
        return plan.files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + plan.files.stream().map(ImportPlan.CfgFile::name).toList()))
                .properties();
    }

    private void enrgdaqExamples() throws IOException {
        file("supervisor.toml", """
                ring_buffer_size_mb = 256
                [info]
                supervisor_id = "lab-1"
                [cnc]
                is_server = true
                rest_api_enabled = true
                [federation]
                is_server = false
                remote_server_xpub_url = "tcp://daq2:10191"
                """);
        file("test.toml", """
                daq_job_type = "test"
                rand_min = 1
                rand_max = 100

                [store_config]
                daq_job_store_type = "csv"
                file_path = "test.csv"
                add_date = true
                """);
        file("bench.toml", """
                daq_job_type = "DAQJobBenchmark"
                payload_size = 65536
                verbosity = "DEBUG"

                [store_config.csv]
                file_path = "runs/bench.csv"
                add_date = false
                overwrite = true
                tag = "r7"
                [store_config.mysql]
                table_name = "bench"
                [store_config.memory]
                dispose_after_n_entries = 500
                [store_config.root]
                file_path = "bench.root"
                """);
        file("store_mysql.toml", """
                daq_job_type = "DAQJobStoreMySQL"

                host = "10.0.0.9"
                port = 3307
                user = "daq"
                password = "s3cret"
                database = "enrgdaq"
                """);
        file("remote.toml", """
                daq_job_type = "remote"
                zmq_local_url = "tcp://localhost:10191"
                zmq_remote_url = "tcp://1.2.3.4:10191"
                """);
        file("caen_digitizer.toml", """
                daq_job_type = "DAQJobCAENDigitizer"
                connection_type = "OPTICAL_LINK"
                [waveform_store_config.raw]
                file_path = "caen.raw"
                """);
    }

    @Test
    void jobsStoresConnectionsAndTheRemoteLinkBecomeEtcFiles() throws Exception {
        enrgdaqExamples();
        ImportPlan plan = EnrgdaqImport.plan(dir);
        assertEquals(List.of("org.daqhub.driver.simulator-bench.cfg", "org.daqhub.driver.simulator-test.cfg",
                "org.daqhub.store.csv-bench_csv.cfg", "org.daqhub.store.mysql-bench_mysql.cfg", "org.daqhub.store.memory-bench_memory.cfg",
                "org.daqhub.store.csv-test_csv.cfg"), plan.files.stream().map(ImportPlan.CfgFile::name).toList());
        assertEquals(Map.of("rate", "0", "mode", "raw", "frame.size", "65536", "stream", "data"),
                props(plan, "org.daqhub.driver.simulator-bench.cfg"));
        assertEquals(Map.of("topics", "data.bench.*", "file.name", "bench.csv", "out.dir", "runs", "add_date", "false", "mode", "overwrite",
                "tag", "r7"), props(plan, "org.daqhub.store.csv-bench_csv.cfg"));
        assertEquals(Map.of("topics", "data.test.*", "file.name", "test.csv", "add_date", "true"), props(plan, "org.daqhub.store.csv-test_csv.cfg"));
        // the store job's connection goes into every MySQL store instance
        assertEquals(Map.of("topics", "data.bench.*", "table", "bench", "url", "jdbc:mariadb://10.0.0.9:3307/enrgdaq", "user", "daq",
                "password", "s3cret"), props(plan, "org.daqhub.store.mysql-bench_mysql.cfg"));
        assertEquals("500", props(plan, "org.daqhub.store.memory-bench_memory.cfg").get("frames.per.topic"));
        assertEquals(Map.of("remote.subscribe", "tcp://1.2.3.4:10191"), plan.bus);
        String skipped = String.join("\n", plan.skipped);
        for (String s : List.of("supervisor.toml: [cnc] — daqhub's remote control is always there", "supervisor.toml: ring_buffer_size_mb",
                "bench.toml: store_config.root — daqhub has no ROOT store yet", "bench.toml: verbosity — log levels are Karaf's",
                "test.toml: rand_min", "caen_digitizer.toml: daq_job_type = DAQJobCAENDigitizer — no daqhub driver",
                "remote.toml: zmq_local_url", "supervisor.toml: federation.is_server")) {
            assertTrue(skipped.contains(s), s + " not in:\n" + skipped);
        }
    }

    @Test
    void aDryRunWritesNothingAndWriteNeverReplacesAFile() throws Exception {
        enrgdaqExamples();
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("org.daqhub.bus.cfg"), "# the bus\ntcp.enabled = true\nremote.subscribe =\n");
        Files.writeString(etc.resolve("org.daqhub.store.csv-test_csv.cfg"), "topics = mine\n");
        ImportPlan plan = EnrgdaqImport.plan(dir);
        String dry = ImportEnrgdaqCommand.report(plan, null);
        assertTrue(dry.contains("--- etc/org.daqhub.store.csv-bench_csv.cfg\n# imported from ENRGDAQ's bench.toml"), dry);
        assertTrue(dry.contains("Nothing written (a dry run)"), dry);
        assertFalse(dry.contains("s3cret"), "passwords are masked in what is printed:\n" + dry);
        assertTrue(dry.contains("password = ********"), dry);
        assertFalse(Files.exists(etc.resolve("org.daqhub.store.csv-bench_csv.cfg")));

        List<String> done = ImportEnrgdaqCommand.apply(plan, etc);
        assertTrue(done.contains("etc/org.daqhub.store.csv-test_csv.cfg exists: left as it is"), done.toString());
        assertEquals("topics = mine\n", Files.readString(etc.resolve("org.daqhub.store.csv-test_csv.cfg")));
        assertTrue(Files.readString(etc.resolve("org.daqhub.store.csv-bench_csv.cfg")).contains("\nfile.name = bench.csv\n"));
        assertTrue(Files.readString(etc.resolve("org.daqhub.store.mysql-bench_mysql.cfg")).contains("\npassword = s3cret\n"));
        assertEquals("# the bus\ntcp.enabled = true\nremote.subscribe = tcp://1.2.3.4:10191\n", Files.readString(etc.resolve("org.daqhub.bus.cfg")));
        try (var s = Files.list(etc)) {
            assertEquals(6, s.filter(p -> p.getFileName().toString().startsWith("org.daqhub.") && !p.getFileName().toString().contains("bus")).count());
        }
    }

    @Test
    void twoJobsWithOneNameAreReportedNotLost() throws Exception {
        file("a.toml", "daq_job_type = \"test\"\ndaq_job_unique_id = \"det\"\n");
        file("b.toml", "daq_job_type = \"DAQJobTest\"\ndaq_job_unique_id = \"DET\"\n");
        ImportPlan plan = EnrgdaqImport.plan(dir);
        assertEquals(1, plan.files.size());
        assertTrue(String.join("\n", plan.skipped).contains("b.toml: org.daqhub.driver.simulator-det.cfg — another job already maps"),
                plan.skipped.toString());
        assertEquals("a\\\\b\\nc", ImportPlan.CfgFile.escape("a\\b\nc"));
    }

    @Test
    void instanceNamesHaveNoDashAndTypesHaveOneSpelling() {
        assertEquals("store_csv", EnrgdaqImport.instanceName("store-csv"));
        assertEquals("storecsv", EnrgdaqImport.type("DAQJobStoreCSV"));
        assertEquals("storecsv", EnrgdaqImport.type("store_csv"));
        assertEquals("test", EnrgdaqImport.type("DAQJobTest"));
    }

    @Test
    void notADirectoryOrBadTomlIsAnErrorNamingTheFile() throws Exception {
        assertThrows(IOException.class, () -> EnrgdaqImport.plan(dir.resolve("nope")));
        assertTrue(assertThrows(IOException.class, () -> EnrgdaqImport.plan(dir)).getMessage().contains("no supervisor.toml and no *.toml"));
        file("broken.toml", "daq_job_type = \"test\"\n[store_config\n");
        IOException e = assertThrows(IOException.class, () -> EnrgdaqImport.plan(dir));
        assertTrue(e.getMessage().startsWith("broken.toml is not valid TOML"), e.getMessage());
    }
}
