package org.daqhub.it;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless browser (Debian's chromium and chromium-driver, which .ci/run installs; without
 * them the test is skipped and .ci/run fails): the distribution as a process with its demo, the page after login,
 * the demo driver's rate appearing and its frames rising, a click showing the instance's details, a stop and a
 * start from the page reaching {@code daqhub:status}, and no JavaScript error in the browser's console. Also
 * what a browser must not get: the page or its stream without login, and a control action as a viewer.
 */
public class DashboardBrowserIT {
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(28581, 28501, 27016, 25832);
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base = "http://127.0.0.1:" + PORTS.http();
    private DaqhubDistribution dist;
    private ChromeDriver browser;

    @After
    public void close() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (dist != null) {
            dist.close();
        }
    }

    private int status(String path, String auth, String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String stateInStatus(String instance) throws Exception {
        for (String line : dist.client("daqhub:status").split("\n")) {
            if (line.replace(" ", "").startsWith("driver|" + instance + "|")) { // the table's "Kind | Instance | State"
                return line;
            }
        }
        return "";
    }

    @Test
    public void theDashboardShowsTheDemoAndControlsItFromTheBrowser() throws Exception {
        assumeTrue("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
        dist = DaqhubDistribution.copy(Paths.get("target/dashboard-dist"), PORTS, PORTS.broker(), true);
        Files.writeString(dist.home().resolve("etc/users.properties"), "\nwatcher = watcher-pw,viewer\n",
                java.nio.file.StandardOpenOption.APPEND);
        // ENRGDAQ's statistics into a CSV store, as the samples say
        Files.writeString(dist.home().resolve("etc/org.daqhub.stats.cfg"), "interval.s = 1\n");
        Files.writeString(dist.home().resolve("etc/org.daqhub.store.csv-stats.cfg"), Files.readString(
                Paths.get("../etc/org.daqhub.store.csv-stats.cfg.sample")));
        dist.start();
        String viewer = "Basic " + java.util.Base64.getEncoder().encodeToString("watcher:watcher-pw".getBytes());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertEquals(200, status("/daqhub/", DaqhubDistribution.DEMO_AUTH, "GET"));
                    assertEquals(200, status("/api/v1/instances", DaqhubDistribution.DEMO_AUTH, "GET"));
                });
        // nothing of it without login; a viewer sees but does not control
        assertEquals(401, status("/daqhub/", null, "GET"));
        assertEquals(401, status("/daqhub/stream", null, "GET"));
        assertEquals(401, status("/api/v1/instances", null, "GET"));
        assertEquals(200, status("/api/v1/instances", viewer, "GET"));
        assertEquals(403, status("/api/v1/instances/demo/stop", viewer, "POST"));
        assertEquals(404, status("/api/v1/instances/nobody/stop", DaqhubDistribution.DEMO_AUTH, "POST"));
        // the demo's driver and store are both "demo": the name alone is ambiguous, the kind says which
        assertEquals(409, status("/api/v1/instances/demo", DaqhubDistribution.DEMO_AUTH, "GET"));
        assertEquals(200, status("/api/v1/instances/demo?kind=driver", DaqhubDistribution.DEMO_AUTH, "GET"));

        // an instance created over REST is the same as a file in etc/, and removed with it
        assertEquals(403, status("/api/v1/instances", viewer, "POST")); // creating is configuration: admin
        HttpResponse<String> bad = send("POST", "/api/v1/instances", "{\"factory_pid\": \"org.daqhub.driver.nosuch\", "
                + "\"name\": \"det2\", \"properties\": {}}");
        assertEquals(bad.body(), 422, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("org.daqhub.driver.simulator"));
        HttpResponse<String> created = send("POST", "/api/v1/instances", "{\"factory_pid\": \"org.daqhub.driver.simulator\", "
                + "\"name\": \"det2\", \"properties\": {\"rate\": 5, \"mode\": \"tabular\", \"stream\": \"adc\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        Path det2 = dist.home().resolve("etc/org.daqhub.driver.simulator-det2.cfg");
        assertTrue(det2 + " written", Files.exists(det2));
        assertTrue(Files.readString(det2), Files.readString(det2).contains("rate=5"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(stateInStatus("det2"),
                stateInStatus("det2").contains("RUNNING")));
        assertEquals(409, send("POST", "/api/v1/instances", "{\"factory_pid\": \"org.daqhub.driver.simulator\", "
                + "\"name\": \"det2\", \"properties\": {}}").statusCode());
        assertEquals(200, send("DELETE", "/api/v1/instances/det2?kind=driver", null).statusCode());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("", stateInStatus("det2")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(det2 + " removed", !Files.exists(det2)));

        // the statistics: a row per instance every second, the demo driver's out_count rising
        Path statsDir = dist.home().resolve("data/stats");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (var files = Files.list(statsDir)) {
                Path csv = files.filter(f -> f.getFileName().toString().matches("stats\\.[^.]+\\.csv")).findFirst().orElseThrow();
                List<String> lines = Files.readAllLines(csv);
                assertTrue(lines.get(0), lines.get(0).contains("supervisor,daq_job,kind,type,state,is_alive,last_in_date,"
                        + "last_out_date,in_count,in_bytes,out_count,out_bytes,queue_size,spooled,dropped,restart_count"));
                List<Long> outs = lines.stream().filter(l -> l.contains(",demo,driver,")).map(l -> Long.parseLong(
                        l.split(",")[13])).toList();
                assertTrue(lines.toString(), outs.size() >= 2 && outs.get(outs.size() - 1) > outs.get(0));
            }
        });

        // a memory store, hot-installed, shows the demo's newest frames in the shell and over HTTP
        dist.client("feature:install daqhub-store-memory");
        Files.writeString(dist.home().resolve("etc/org.daqhub.store.memory-peek.cfg"), Files.readString(
                Paths.get("../etc/org.daqhub.store.memory-peek.cfg.sample")));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            String peek = dist.client("daqhub:peek -n 2 -r 1 data.demo.adc");
            assertTrue(peek, peek.matches("(?s).*#\\d+ .* run 0  from demo  100 rows\\s+sample +\\| time_ns +\\| ch0 .*99 more rows.*"));
        });
        assertTrue(dist.client("daqhub:peek").contains("data.demo.adc"));
        HttpResponse<String> peek = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/peek/data.demo.adc?limit=2"))
                .header("Authorization", viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(peek.body(), 200, peek.statusCode());
        assertTrue(peek.body(), peek.body().contains("\"count\":2") && peek.body().matches("(?s).*\"columns\":\\{\"sample\":\\[\\d+,.*"));
        assertEquals(404, status("/api/v1/peek/data.nothing.here", viewer, "GET"));
        assertEquals(401, status("/api/v1/peek/data.demo.adc", null, "GET"));

        // a command to the demo driver (ENRGDAQ's CNC message): the simulator takes a new rate
        HttpResponse<String> rate = send("POST", "/api/v1/instances/demo/message?kind=driver", "{\"rate\": 20}");
        assertEquals(rate.body(), 200, rate.statusCode());
        assertTrue(rate.body(), rate.body().contains("\"delivered\":1") && rate.body().contains("rate 20"));
        assertEquals(422, send("POST", "/api/v1/instances/demo/message?kind=driver", "{\"speed\": 1}").statusCode());
        assertEquals(409, send("POST", "/api/v1/instances/demo/message?kind=store", "{\"rate\": 1}").statusCode());
        assertTrue(dist.client("daqhub:send -k driver demo rate=10").contains("Delivered to 1"));

        // the web console's daqhub tab (the console's own login: Karaf's admin role)
        HttpResponse<String> tab = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/daqhub"))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(tab.body(), 200, tab.statusCode());
        assertTrue(tab.body(), tab.body().matches("(?s).*<td>driver</td><td>demo</td><td>(RUNNING|WAITING)</td>.*"));
        assertTrue(tab.body(), tab.body().contains("href='/daqhub/'"));

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
        // what the browser sends once the user typed the login into its dialog: Basic credentials on every request
        // (set through the DevTools protocol; Selenium's HasAuthentication intercepts responses and would hold up
        // the never-ending event stream)
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                DaqhubDistribution.DEMO_AUTH)));
        browser.get(base + "/daqhub/");
        try {
            inTheBrowser();
        } catch (AssertionError | RuntimeException e) {
            Files.write(Paths.get("target/dashboard-failure.png"), browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(Paths.get("target/dashboard-failure.html"), browser.getPageSource());
            System.out.println("dashboard: browser console: " + browser.manage().logs().get(LogType.BROWSER).getAll());
            throw e;
        }
    }

    private void inTheBrowser() throws Exception {

        By demoRow = By.cssSelector("#instances tr[data-kind='driver'][data-instance='demo']");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            WebElement row = browser.findElement(demoRow);
            assertTrue(row.getText(), Double.parseDouble(row.findElement(By.cssSelector(".fps")).getText()) > 0);
        });
        assertEquals("live", browser.findElement(By.id("connection")).getText());
        long frames = frames(demoRow);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertTrue(frames(demoRow) > frames));
        // the charts have the demo's series
        assertTrue(browser.findElement(By.id("chart-fps")).getText(), browser.findElement(By.id("chart-fps")).getText()
                .contains("driver/demo"));

        // the log tail shows what the platform logged, det2's start and stop among it; the level filter hides INFO
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertTrue(browser.findElement(
                By.id("log")).getText().contains("daqhub driver 'det2'")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("log-level"))).selectByValue("ERROR");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> assertTrue(!browser.findElement(
                By.id("log")).getText().contains("daqhub driver 'det2'")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("log-level"))).selectByValue("INFO");

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> browser.findElement(demoRow).click());
        WebElement details = browser.findElement(By.id("details"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertTrue(details.isDisplayed());
            assertTrue(details.getText(), details.findElement(By.cssSelector(".name")).getText().contains("demo"));
            assertTrue(details.getText(), details.getText().contains("org.daqhub.driver.simulator"));
            assertTrue(details.getText(), details.findElement(By.cssSelector("table.config")).getText().contains("rate 10"));
        });
        Files.write(Paths.get("target/dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

        details.findElement(By.cssSelector("button[data-action='stop']")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(stateInStatus("demo"),
                stateInStatus("demo").contains("STOPPED")));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertEquals("STOPPED",
                browser.findElement(demoRow).findElement(By.cssSelector(".state")).getText())); // the table is redrawn each tick
        details.findElement(By.cssSelector("button[data-action='start']")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(stateInStatus("demo"),
                stateInStatus("demo").contains("RUNNING")));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertTrue(details.findElement(
                By.cssSelector(".answer")).getText().startsWith("start: ")));

        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        List<LogEntry> errors = console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue("JavaScript errors: " + errors, errors.isEmpty());
        Map<String, Object> timing = (Map<String, Object>) browser.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0];"
                + " return {load: n.loadEventEnd, paint: p ? p.startTime : -1};");
        System.out.println("dashboard: load " + timing.get("load") + " ms, first contentful paint " + timing.get("paint") + " ms");
    }

    private long frames(By row) {
        return Long.parseLong(browser.findElement(row).findElement(By.cssSelector(".frames")).getText().replace(",", ""));
    }
}
