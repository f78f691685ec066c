package org.daqhub.driver.stfwatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directory watch mode of the fast-monitoring agent: each scan finds the new files matching the patterns
 * (within the lookback window), selects {@code max(1, floor(n * selection.fraction))} of them at random and
 * publishes them as rows of one frame on stream {@code stf}; fast monitoring registers them. Every file is
 * considered once per driver run; fast monitoring also refuses a file_url it already has.
 */
@Component(name = "org.daqhub.driver.stfwatch", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = StfWatchConfig.class, factory = true)
public class StfWatchDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(StfWatchDriver.class);

    record Config(List<Path> directories, List<PathMatcher> patterns, long intervalMillis, double lookbackMinutes,
            double fraction, long defaultRun, String baseUrl, boolean checksum, String machineState) {
    }

    private Config config;
    private final Random random;

    public StfWatchDriver() {
        this(new Random());
    }

    StfWatchDriver(Random random) {
        this.random = random;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            config = read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub driver org.daqhub.driver.stfwatch, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    static Config read(Map<String, Object> props) {
        Settings s = Settings.of(props);
        List<Path> dirs = new ArrayList<>();
        for (String d : s.list("directories")) {
            dirs.add(Path.of(d));
        }
        if (dirs.isEmpty()) {
            throw new InvalidConfigException(s.instance(), "directories", "", "at least one directory is required");
        }
        List<PathMatcher> matchers = new ArrayList<>();
        List<String> globs = s.has("patterns") ? s.list("patterns") : List.of("*.stf", "*.STF");
        for (String g : globs) {
            try {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(s.instance(), "patterns", g, "not a valid glob: " + e.getMessage());
            }
        }
        double fraction = s.number("selection.fraction", 0.1, 0);
        if (fraction > 1) {
            throw new InvalidConfigException(s.instance(), "selection.fraction", fraction, "must be between 0 and 1");
        }
        double interval = s.number("check.interval.s", 30, 0.01);
        return new Config(dirs, matchers, (long) (interval * 1000), s.number("lookback.min", 0, 0), fraction,
                s.integer("default.run.number", 1, 0), s.string("base.url", "file://"), s.bool("checksum", false),
                s.string("machine.state", "physics"));
    }

    @Override
    public void run(DriverContext ctx) throws Exception {
        Config c = config;
        FramePublisher pub = ctx.publisher("stf");
        Set<Path> seen = new HashSet<>();
        for (Path d : c.directories()) {
            if (!Files.isDirectory(d)) {
                LOG.warn("stf-watch {}: directory {} does not exist (yet); watching for it", ctx.instance(), d);
            }
        }
        while (!ctx.stopping()) {
            List<Path> candidates = scan(c, seen, System.currentTimeMillis());
            seen.addAll(candidates);
            List<Path> selected = select(candidates, c.fraction(), random);
            if (!selected.isEmpty()) {
                pub.publish(table(c, selected));
                LOG.info("stf-watch {}: {} new file(s), {} selected", ctx.instance(), candidates.size(), selected.size());
            }
            ctx.heartbeat();
            long until = System.currentTimeMillis() + c.intervalMillis();
            while (!ctx.stopping() && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(200, c.intervalMillis()));
                ctx.heartbeat();
            }
        }
    }

    /** New matching files, oldest first. */
    static List<Path> scan(Config c, Set<Path> seen, long nowMillis) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : c.directories()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    Path abs = p.toAbsolutePath();
                    if (seen.contains(abs) || c.patterns().stream().noneMatch(m -> m.matches(p.getFileName()))) {
                        continue;
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class);
                    } catch (IOException e) {
                        continue; // removed between listing and reading
                    }
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    if (c.lookbackMinutes() > 0
                            && a.lastModifiedTime().toMillis() < nowMillis - (long) (c.lookbackMinutes() * 60_000)) {
                        continue;
                    }
                    out.add(abs);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The seed's rule: a random max(1, floor(n * fraction)) of n candidates; none of none. */
    static List<Path> select(List<Path> candidates, double fraction, Random random) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        int k = Math.min(candidates.size(), Math.max(1, (int) (candidates.size() * fraction)));
        List<Path> copy = new ArrayList<>(candidates);
        Collections.shuffle(copy, random);
        List<Path> chosen = new ArrayList<>(copy.subList(0, k));
        Collections.sort(chosen);
        return chosen;
    }

    static Table table(Config c, List<Path> files) throws IOException {
        int n = files.size();
        String[] url = new String[n];
        long[] run = new long[n];
        long[] size = new long[n];
        String[] sum = new String[n];
        String[] state = new String[n];
        String[] id = new String[n];
        long[] created = new long[n];
        for (int i = 0; i < n; i++) {
            Path p = files.get(i);
            String name = p.getFileName().toString();
            url[i] = c.baseUrl() + p;
            run[i] = RunNumbers.parse(name).orElse(c.defaultRun());
            size[i] = Files.size(p);
            sum[i] = c.checksum() ? md5(p) : "";
            state[i] = c.machineState();
            id[i] = name;
            created[i] = Files.getLastModifiedTime(p).toMillis();
        }
        return Table.builder().addString("file_url", url).addInt64("run_number", run).addInt64("file_size_bytes", size)
                .addString("checksum", sum).addString("machine_state", state).addString("stf_identifier", id)
                .addInt64("creation_time", created).build();
    }

    static String md5(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
