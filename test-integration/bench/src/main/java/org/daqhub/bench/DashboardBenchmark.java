package org.daqhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.daqhub.it.DaqhubDistribution;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in the running distribution with 50 plotted series (48 simulator drivers created through the REST
 * API, the demo's driver and store) streamed at 10 Hz ({@code stream.interval.ms = 100}), in Debian's headless
 * Chromium: the first contentful paint (median of 5 loads), the updates the page drew against the ticks sent, and
 * the CPU Karaf's JVM spends (from /proc) with the page open against the same 40 s without it. The difference is what
 * the stream costs the server at that load; the raw library underneath (Jetty writing bytes) is not compared: the
 * cost is serialising the snapshot, which the figure states directly.
 */
final class DashboardBenchmark {
    private static final DaqhubDistribution.Ports PORTS = new DaqhubDistribution.Ports(38681, 38601, 37116, 35932);
    private static final int DRIVERS = 48;
    private static final int SECONDS = 40;

    private DashboardBenchmark() {
    }

    static void run() throws Exception {
        Path chromium = Paths.get("/usr/bin/chromium");
        Path chromedriver = Paths.get("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("the dashboard benchmark needs Debian's chromium and chromium-driver");
        }
        try (DaqhubDistribution dist = DaqhubDistribution.copy(Paths.get("target/dashboard-dist"), PORTS, PORTS.broker(), true)) {
            Files.writeString(dist.home().resolve("etc/org.daqhub.dashboard.cfg"), "stream.interval.ms = 100\n");
            dist.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + PORTS.http();
            DaqhubDistribution.waitFor(() -> send(http, "GET", base + "/daqhub/", null).statusCode() == 200
                    && send(http, "GET", base + "/api/v1/instances", null).statusCode() == 200, 180, "the dashboard and the REST API");
            for (int i = 0; i < DRIVERS; i++) {
                HttpResponse<String> r = send(http, "POST", base + "/api/v1/instances", "{\"factory_pid\": "
                        + "\"org.daqhub.driver.simulator\", \"name\": \"bench" + i + "\", \"properties\": {\"rate\": 10, "
                        + "\"mode\": \"tabular\", \"rows\": 10, \"stream\": \"adc\"}}");
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("creating bench" + i + ": " + r.statusCode() + " " + r.body());
                }
            }
            DaqhubDistribution.waitFor(() -> dist.client("daqhub:status").split("RUNNING", -1).length - 1 >= DRIVERS + 2,
                    120, DRIVERS + " drivers running");
            long pid = Long.parseLong(Files.readString(dist.home().resolve("karaf.pid")).trim());
            Thread.sleep(10_000); // the new drivers' start-up out of the way
            double idle = cpuSeconds(pid, SECONDS);

            ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
            ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).build(), options);
            try {
                browser.executeCdpCommand("Network.enable", Map.of());
                browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                        DaqhubDistribution.DEMO_AUTH)));
                double[] paints = new double[5];
                for (int i = 0; i < paints.length; i++) {
                    browser.get(base + "/daqhub/");
                    Thread.sleep(1500);
                    paints[i] = ((Number) browser.executeScript("const p = performance.getEntriesByName("
                            + "'first-contentful-paint')[0]; return p ? p.startTime : -1;")).doubleValue();
                }
                Arrays.sort(paints);
                Thread.sleep(3000);
                long before = updates(browser);
                double open = cpuSeconds(pid, SECONDS);
                long drawn = updates(browser) - before;
                int series = ((Number) browser.executeScript("return document.querySelectorAll("
                        + "'#chart-fps .u-legend .u-series').length - 1;")).intValue();
                System.out.println();
                System.out.println("## Dashboard: " + series + " plotted series at 10 Hz (stream.interval.ms = 100), "
                        + "one headless Chromium tab, Karaf's JVM CPU from /proc over " + SECONDS + " s");
                System.out.println("| first contentful paint ms (median of 5) | updates drawn / sent | Karaf CPU without the page "
                        + "| with the page | the stream's cost |");
                System.out.println("|---:|---:|---:|---:|---:|");
                System.out.printf(Locale.ROOT, "| %.0f | %d / %d | %.1f %% | %.1f %% | %.1f %% of one core |%n", paints[2],
                        drawn, SECONDS * 10, 100 * idle / SECONDS, 100 * open / SECONDS, 100 * (open - idle) / SECONDS);
            } finally {
                browser.quit();
            }
            dist.stop();
        }
    }

    private static long updates(ChromeDriver browser) {
        Object v = browser.executeScript("return Number(document.body.dataset.updates || 0);");
        return ((Number) v).longValue();
    }

    /** CPU seconds (user + system) the process and its threads use over the next {@code seconds}. */
    private static double cpuSeconds(long pid, int seconds) throws Exception {
        double a = ticks(pid);
        Thread.sleep(seconds * 1000L);
        return (ticks(pid) - a) / 100.0; // USER_HZ
    }

    private static double ticks(long pid) throws Exception {
        String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Double.parseDouble(f[11]) + Double.parseDouble(f[12]); // utime, stime (fields 14 and 15)
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", DaqhubDistribution.DEMO_AUTH).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
