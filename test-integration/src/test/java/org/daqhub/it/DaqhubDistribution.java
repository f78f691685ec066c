package org.daqhub.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the built distribution (karaf-assembly/target/assembly) run as a user runs it: {@code bin/karaf
 * server} as its own process, shell commands through {@code bin/client}, on ports apart from a demo or a Pax
 * Exam container on this machine. Used by the distribution tests and the ingestion benchmark.
 */
public final class DaqhubDistribution implements AutoCloseable {
    private final Path home;
    private final int sshPort;
    private Process karaf;

    /** The Authorization header of the distribution's demo account karaf/karaf (role admin). */
    public static final String DEMO_AUTH = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8));

    /** Ports of one copy: HTTP, SSH, the embedded broker and the embedded PostgreSQL. */
    public record Ports(int http, int ssh, int broker, int postgres) {
    }

    private DaqhubDistribution(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /**
     * A fresh copy under {@code target}; with {@code brokerUrlPort} != {@code ports.broker()} the broker client
     * points elsewhere, and without {@code embeddedBroker} daqhub-messaging boots instead of daqhub-broker.
     */
    public static DaqhubDistribution copy(Path target, Ports ports, int brokerUrlPort, boolean embeddedBroker)
            throws IOException {
        Path src = Paths.get(System.getProperty("daqhub.assembly.dir", "../karaf-assembly/target/assembly"));
        if (!Files.isDirectory(src)) {
            throw new IllegalStateException("no distribution at " + src.toAbsolutePath() + ": build karaf-assembly first");
        }
        Path dst = target.toAbsolutePath();
        delete(dst);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        int base = ports.ssh() - 28101; // the other fixed ports move with the SSH port
        set(dst, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(ports.http()));
        set(dst, "etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(ports.ssh()));
        set(dst, "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(21099 + base));
        set(dst, "etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(24444 + base));
        set(dst, "etc/org.daqhub.bus.cfg", "tcp.pub.port", String.valueOf(25560 + base));
        set(dst, "etc/org.daqhub.bus.cfg", "tcp.sub.port", String.valueOf(25561 + base));
        set(dst, "etc/org.daqhub.persistence.cfg", "port", String.valueOf(ports.postgres()));
        set(dst, "etc/org.daqhub.broker.cfg", "url", "tcp://127.0.0.1:" + brokerUrlPort);
        // the demo account, as bin/daqhub-demo adds it (a distribution has none)
        Files.writeString(dst.resolve("etc/users.properties"), "\nkaraf = karaf,_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path artemis = dst.resolve("etc/artemis.xml");
        Files.writeString(artemis, Files.readString(artemis).replace("127.0.0.1:61616", "127.0.0.1:" + ports.broker()));
        if (!embeddedBroker) {
            // boot the broker client without the embedded broker (README: "Using an external Artemis")
            Path features = dst.resolve("etc/org.apache.karaf.features.cfg");
            String f = Files.readString(features);
            String g = f.replaceAll("daqhub-broker/([^,\\s]+)", "daqhub-messaging/$1");
            if (g.equals(f)) {
                throw new IllegalStateException("daqhub-broker not in featuresBoot of " + features);
            }
            Files.writeString(features, g);
        }
        return new DaqhubDistribution(dst, ports.ssh());
    }

    /** Removes the demo account again: the first start then generates user admin (etc/admin.password). */
    public void withoutDemoAccount() throws IOException {
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users).replace("\nkaraf = karaf,_g_:admingroup\n", "\n"));
    }

    /** The embedded PostgreSQL superuser's password, generated at the first start (data/postgres.password). */
    public String postgresPassword() throws IOException {
        return Files.readString(home.resolve("data/postgres.password")).strip();
    }

    public Path home() {
        return home;
    }

    /** Sets {@code key = value} in a cfg file of this copy (appended when missing). */
    public static void set(Path home, String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String line : Files.readAllLines(p)) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                out.add(key + " = " + value);
                done = true;
            } else {
                out.add(line);
            }
        }
        if (!done) {
            out.add(key + " = " + value);
        }
        Files.write(p, out);
    }

    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MAX_MEM", "1G");
        pb.environment().put("JAVA_MIN_MEM", "256M");
        karaf = pb.start();
    }

    /** bin/stop, then waits for the process to end. */
    public void stop() throws Exception {
        run(home.resolve("bin/stop").toString());
        if (!karaf.waitFor(90, TimeUnit.SECONDS)) {
            karaf.destroyForcibly();
            throw new AssertionError("daqhub did not stop within 90 s");
        }
    }

    /** kill -9 of daqhub's JVM: no shutdown hook, no drain; what it held only in memory is gone. */
    public void kill() throws Exception {
        for (ProcessHandle p : karaf.descendants().toList()) {
            if (p.info().command().map(c -> c.endsWith("java")).orElse(false)) {
                p.destroyForcibly();
                p.onExit().get(30, TimeUnit.SECONDS);
            }
        }
        if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
            karaf.destroyForcibly();
        }
    }

    /** A shell command through bin/client, retried while the shell is not up yet; what it printed. */
    public String client(String command) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        String out = "";
        while (System.currentTimeMillis() < until) {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                    "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "2", "-b").directory(home.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0 && !out.contains("Error")) {
                return out;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("bin/client '" + command + "' failed: " + out);
    }

    private void run(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    /** Kills what is still running: the JVM (bin/karaf runs java as a child, not with exec) and PostgreSQL. */
    @Override
    public void close() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly();
            karaf.waitFor(30, TimeUnit.SECONDS);
        }
        // never leave a PostgreSQL behind on a CI machine
        Path pid = home.resolve("data/postgres/postmaster.pid");
        if (Files.exists(pid)) {
            long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            ProcessHandle.of(p).ifPresent(ProcessHandle::destroy);
        }
    }

    /** A condition polled by {@link #waitFor}; an exception counts as "not yet". */
    public interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} every half second for up to {@code seconds}; AssertionError naming {@code what} if it never holds. */
    public static void waitFor(Check check, int seconds, String what) throws Exception {
        long until = System.currentTimeMillis() + seconds * 1000L;
        Exception last = null;
        while (System.currentTimeMillis() < until) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what + (last != null ? ": " + last : ""));
    }

    public static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
