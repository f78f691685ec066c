package org.daqhub.it;

import static org.daqhub.it.DaqhubDistribution.waitFor;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;

/**
 * A facility DAQ host without internet: the distribution's Maven resolution is cut down to its own {@code system/}
 * directory (no remote repository, an empty local repository, offline), then every daqhub feature that
 * {@code feature:list} shows is installed, one {@code feature:install} each; the test fails naming the first one
 * that does not install. Plugins that need an instance configuration (stores, drivers, webhook) or a server
 * (Elasticsearch, Zabbix) install all the same: their components wait for configuration or connect later.
 */
public class OfflineInstallIT {
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(28481, 28401, 26916, 25732);
    private DaqhubDistribution dist;
    /** The admin account the first start generated (this copy has no demo account). */
    private String adminPassword;

    /** What one bin/client run printed, and its exit code. */
    private record Shell(int exit, String out) {
        boolean ok() {
            return exit == 0 && !out.contains("Error");
        }
    }

    @Test
    public void everyDaqhubFeatureInstallsFromSystemAlone() throws Exception {
        dist = DaqhubDistribution.copy(Paths.get("target/offline-dist"), PORTS, PORTS.broker(), true);
        Path home = dist.home();
        offlineMavenResolution(home);
        // one user per daqhub role, in the groups etc/users.properties defines
        Files.writeString(home.resolve("etc/users.properties"), Files.readString(home.resolve("etc/users.properties"))
                + "\nviewer-it = viewer-pw,_g_:daqhub-viewers\noperator-it = operator-pw,_g_:daqhub-operators\n");
        dist.withoutDemoAccount();
        dist.start();
        // no account was set: the first start generated user admin, its password in an owner-only file
        Path passwordFile = home.resolve("etc/admin.password");
        waitFor(() -> Files.exists(passwordFile) && !Files.readString(passwordFile).isBlank(), 180,
                "the generated admin password");
        adminPassword = Files.readString(passwordFile).strip();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(passwordFile)));
        assertFalse("no karaf/karaf outside the demo", Files.readString(home.resolve("etc/users.properties"))
                .contains("karaf = karaf"));
        waitFor(() -> shell("feature:list -i --no-format").ok(), 180, "the shell of the offline distribution");

        // the control: an artifact the build's Maven repository has, but system/ has not, must not resolve
        String junit = "junit/junit/4.13.2/junit-4.13.2.jar";
        assertTrue("control artifact in the build's repository",
                Files.exists(Paths.get(System.getProperty("maven.repo.local"), junit)));
        assertFalse("control artifact not in system/", Files.exists(home.resolve("system").resolve(junit)));
        Path log = home.resolve("data/log/karaf.log");
        int beforeControl = Files.readAllLines(log).size();
        Shell control = shell("bundle:install mvn:junit/junit/4.13.2");
        int afterControl = Files.readAllLines(log).size(); // the control's own ERROR ("Exception caught ...") lies between
        assertTrue("mvn:junit/junit/4.13.2 resolved, so resolution is not limited to system/: " + control.out,
                !control.ok() && control.out.contains("junit"));

        List<String> features = daqhubFeatures(shell("feature:list -o --no-format"));
        assertEquals("daqhub features listed by feature:list", declaredFeatures(home), new TreeSet<>(features));
        // one feature:install each, in one client session (a client per feature took 5 of CI's 30 minutes): a marker
        // after each install says how far it got, so a failure names the feature that did not install
        StringBuilder script = new StringBuilder();
        for (String feature : features) {
            script.append("feature:install ").append(feature).append("\necho installed ").append(feature).append('\n');
        }
        Shell install = shell(script.toString(), 1200);
        for (String feature : features) {
            if (!Pattern.compile("(?m)^installed " + Pattern.quote(feature) + "\\r?$").matcher(install.out).find()) {
                throw new AssertionError(feature + " does not install offline (Maven resolution limited to system/): "
                        + install.out.strip());
            }
        }
        assertTrue("an error while installing the features one by one:\n" + install.out, install.ok());
        Shell installed = shell("feature:list -i --no-format");
        assertTrue("not listed by feature:list -i after feature:install:\n" + installed.out,
                installed.ok() && daqhubFeatures(installed).containsAll(features));
        // no ERROR line at any feature install or at boot (SCR's "Circular reference detected" was one)
        List<String> lines = Files.readAllLines(log);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("| ERROR |") && (i < beforeControl || i >= afterControl)) {
                errors.add(lines.get(i));
            }
        }
        assertEquals("ERROR lines in karaf.log after installing every feature", List.of(), errors);
        httpSurfaceIsDescribedWhole();
        // nothing was fetched into the (empty) local repository
        try (Stream<Path> s = Files.walk(home.resolve("offline-m2"))) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".jar")).toList());
        }
        dist.stop();
    }

    /**
     * With every feature installed: /api/v1/openapi.json is a valid OpenAPI 3 document (a real parser says so) and
     * lists exactly the routes the JAX-RS whiteboard serves (daqhub:routes), and the whiteboard refused nothing.
     */
    private void httpSurfaceIsDescribedWhole() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + PORTS.http() + "/api/v1/openapi.json");
        String[] doc = new String[1];
        waitFor(() -> {
            var r = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", basic("admin", adminPassword))
                    .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            doc[0] = r.body();
            return r.statusCode() == 200 && doc[0].contains("/v1/jobs") && doc[0].contains("/api/v1/runs");
        }, 120, "the OpenAPI document with the fast-monitoring and job-monitoring routes");
        var parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(doc[0], null, null);
        assertEquals("OpenAPI parser messages", List.of(), parsed.getMessages());
        Set<String> documented = new TreeSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .keySet().forEach(verb -> documented.add(verb.name() + " " + path)));
        Shell routes = shell("daqhub:routes");
        assertTrue(routes.out, routes.ok());
        assertFalse("the whiteboard refused something:\n" + routes.out, routes.out.contains("Refused"));
        Set<String> served = new TreeSet<>();
        for (String line : routes.out.split("\\R")) {
            String[] cols = line.strip().split("\\s*[|│]\\s*");
            if (cols.length >= 2 && cols[0].matches("GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS")) {
                served.add(cols[0] + " " + cols[1]);
            }
        }
        assertTrue("daqhub:routes lists the ingestion route:\n" + routes.out, served.contains("POST /v1/ingest/events"));
        assertEquals("routes served (daqhub:routes) = routes documented (openapi.json)", served, documented);
        everyRouteNeedsItsRole(http, served);
    }

    /**
     * Each served route × role: without credentials 401 (with a challenge), with wrong ones 401; a viewer may
     * read but gets 403 on every write; an operator passes the role check on every route but those that write
     * configuration, which need an admin.
     */
    /** The routes that write configuration (an instance's cfg file): admin only. */
    private static final Set<String> ADMIN_ONLY = Set.of("POST /api/v1/instances", "DELETE /api/v1/instances/{name}");

    private void everyRouteNeedsItsRole(java.net.http.HttpClient http, Set<String> served) throws Exception {
        String viewer = basic("viewer-it", "viewer-pw");
        String operator = basic("operator-it", "operator-pw");
        for (String route : served) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            var none = call(http, method, path, null);
            assertEquals(route + " without credentials: " + none.body(), 401, none.statusCode());
            assertTrue(route, none.headers().firstValue("WWW-Authenticate").orElse("").contains("Basic"));
            assertEquals(route + " with a wrong password", 401, call(http, method, path, basic("viewer-it", "nope"))
                    .statusCode());
            boolean read = method.equals("GET");
            int asViewer = call(http, method, path, viewer).statusCode();
            if (read) {
                assertTrue(route + " as viewer: " + asViewer, asViewer != 401 && asViewer != 403);
            } else {
                assertEquals(route + " as viewer", 403, asViewer);
            }
            int asOperator = call(http, method, path, operator).statusCode();
            if (ADMIN_ONLY.contains(route)) {
                assertEquals(route + " as operator", 403, asOperator);
                int asAdmin = call(http, method, path, basic("admin", adminPassword)).statusCode(); // the generated one
                assertTrue(route + " as admin: " + asAdmin, asAdmin != 401 && asAdmin != 403);
            } else {
                assertTrue(route + " as operator: " + asOperator, asOperator != 401 && asOperator != 403);
            }
        }
        // /metrics: a viewer's credentials (metrics.open is off by default)
        assertEquals(401, call(http, "GET", "/metrics", null).statusCode());
        assertEquals(200, call(http, "GET", "/metrics", viewer).statusCode());
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private java.net.http.HttpResponse<String> call(java.net.http.HttpClient http, String method, String path,
            String authorization) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORTS.http() + path))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, method.equals("GET") ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** etc/org.ops4j.pax.url.mvn.cfg of this copy: system/ is the only repository. */
    private static void offlineMavenResolution(Path home) throws Exception {
        // an empty local repository: by default it is ~/.m2/repository, which on a build machine has everything
        Path local = Files.createDirectories(home.resolve("offline-m2"));
        Files.writeString(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "# OfflineInstallIT: resolve from system/ only",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.localRepository = " + local.toUri(),
                "org.ops4j.pax.url.mvn.defaultRepositories = "
                        + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories = ",
                ""));
    }

    /** Names of the daqhub features in a feature:list --no-format output (first column), in order. */
    private static List<String> daqhubFeatures(Shell list) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : list.out.split("\\R")) {
            String name = line.split("[\\t│|]", 2)[0].strip();
            if (name.matches("daqhub-[a-z0-9-]+")) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    /** Every feature name in the daqhub features XML inside this copy's system/. */
    private static Set<String> declaredFeatures(Path home) throws Exception {
        String v = System.getProperty("daqhub.version");
        Path xml = home.resolve("system/org/daqhub/daqhub-features/" + v + "/daqhub-features-" + v + "-features.xml");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("<feature name=\"([^\"]+)\"").matcher(Files.readString(xml));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse("no feature in " + xml, names.isEmpty());
        return names;
    }

    /**
     * One bin/client run, no retry (unlike {@link DaqhubDistribution#client}): a feature that does not install
     * fails at once, with what Karaf printed.
     */
    private Shell shell(String command) throws Exception {
        return shell(command, 300);
    }

    private Shell shell(String command, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile(Paths.get("target"), "offline-client", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(dist.home().resolve("bin/client").toString(), "-a",
                    String.valueOf(PORTS.ssh()), "-u", "admin", "-p", adminPassword, "-r", "3", "-d", "2", "-b")
                    .directory(dist.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("bin/client '" + command + "' did not end within " + timeoutSeconds + " s");
            }
            return new Shell(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @After
    public void cleanUp() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }
}
