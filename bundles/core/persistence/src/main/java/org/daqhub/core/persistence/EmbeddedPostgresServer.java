package org.daqhub.core.persistence;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.persistence.Database;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Zero-setup bookkeeping: starts a real PostgreSQL (binaries shipped in this bundle) with its data under
 * {@code data/postgres} and registers it as the daqhub DataSource, unless an external datasource is configured.
 * Starting takes seconds (first start runs initdb), so it happens on its own thread.
 */
@Component(name = "org.daqhub.persistence", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = PersistenceConfig.class)
public class EmbeddedPostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "daqhub";
    static final String BINARIES = "/postgres-linux-x86_64.txz";

    @Reference
    private ConfigurationAdmin configAdmin;

    private volatile EmbeddedPostgres server;
    private volatile HikariDataSource pool;
    private volatile ServiceRegistration<DataSource> registration;
    private volatile boolean stopping;
    private Thread starter;
    private Path dataDir;

    /** etc/org.daqhub.persistence.cfg ({@link PersistenceConfig}), validated; {@code dataDir} resolved. */
    record Config(String mode, int port, int poolSize, Path dataDir) {
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        Config c = read(props);
        this.dataDir = c.dataDir();
        Optional<String> external = externalDataSource();
        if ("off".equals(c.mode()) || ("auto".equals(c.mode()) && external.isPresent())) {
            LOG.info("embedded PostgreSQL not started: {}", external.map(f -> "external datasource " + f)
                    .orElse("embedded = off"));
            return;
        }
        starter = new Thread(() -> start(context, c.port(), c.dataDir(), c.poolSize()), "daqhub-embedded-postgres");
        starter.setDaemon(true);
        starter.start();
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String mode = s.oneOf("embedded", "auto", "auto", "on", "off");
        int port = s.intValue("port", 15432, 1);
        if (port > 65535) {
            throw new InvalidConfigException("persistence", "port", String.valueOf(port), "must be 1..65535");
        }
        int poolSize = s.intValue("pool.size", 8, 1);
        return new Config(mode, port, poolSize, resolveDataDir(s.string("data.dir", "postgres")));
    }

    private void start(BundleContext context, int port, Path dataDir, int poolSize) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            PostmasterPid.stopOrphan(dataDir);
            Path work = dataDir.resolveSibling(dataDir.getFileName() + "-bin");
            Files.createDirectories(work);
            String password = SuperuserPassword.readOrCreate(SuperuserPassword.fileFor(dataDir));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(work.toFile())
                    .setPgBinaryResolver((system, arch) -> binaries(system, arch))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setConnectConfig("password", password)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            server = pg;
            if (stopping) {
                pg.close();
                return;
            }
            SuperuserPassword.require(pg.getPostgresDatabase(), dataDir, password);
            createDatabase(pg.getPostgresDatabase());
            PGSimpleDataSource target = new PGSimpleDataSource();
            target.setServerNames(new String[] { "127.0.0.1" });
            target.setPortNumbers(new int[] { port });
            target.setDatabaseName(DATABASE);
            target.setUser("postgres");
            target.setPassword(password);
            target.setApplicationName("daqhub");
            HikariConfig cfg = new HikariConfig();
            cfg.setDataSource(target);
            cfg.setPoolName("daqhub-embedded");
            cfg.setMaximumPoolSize(poolSize);
            pool = new HikariDataSource(cfg);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("osgi.jndi.service.name", Database.DATASOURCE_NAME);
            props.put("dataSourceName", Database.DATASOURCE_NAME);
            props.put("daqhub.embedded", Boolean.TRUE);
            props.put("url", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
            props.put("data.dir", dataDir.toString());
            registration = context.registerService(DataSource.class, pool, props);
            LOG.info("embedded PostgreSQL on 127.0.0.1:{} (database {}, data in {}) ready in {} ms", port, DATABASE,
                    dataDir, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | Error e) {
            if (stopping) {
                LOG.info("embedded PostgreSQL start abandoned: daqhub is stopping ({})", e.toString());
                return;
            }
            LOG.error("embedded PostgreSQL did not start (port {}, data in {}): {}. Bookkeeping is unavailable; "
                    + "free the port or set port= in etc/org.daqhub.persistence.cfg, or configure an external "
                    + "database in etc/org.ops4j.datasource-daqhub.cfg", port, dataDir, e.toString(), e);
        }
    }

    private InputStream binaries(String system, String arch) throws IOException {
        InputStream in = EmbeddedPostgresServer.class.getResourceAsStream(BINARIES);
        if (in == null || !"Linux".equals(system) || !"x86_64".equals(arch)) {
            throw new IOException("daqhub ships embedded PostgreSQL binaries for Linux x86_64 only (this is "
                    + system + " " + arch + "); configure an external database in etc/org.ops4j.datasource-daqhub.cfg");
        }
        return in;
    }

    static void createDatabase(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private static Path resolveDataDir(String dir) {
        Path p = Path.of(dir);
        if (p.isAbsolute()) {
            return p;
        }
        String data = System.getProperty("karaf.data", "data");
        return Path.of(data).resolve(p).toAbsolutePath();
    }

    /** The file name of an external daqhub datasource configuration, if one is installed. */
    private Optional<String> externalDataSource() {
        try {
            Configuration[] configs = configAdmin.listConfigurations(
                    "(&(service.factoryPid=org.ops4j.datasource)(|(dataSourceName=daqhub)(osgi.jndi.service.name=daqhub)))");
            if (configs == null || configs.length == 0) {
                return Optional.empty();
            }
            Object file = configs[0].getProperties().get("felix.fileinstall.filename");
            return Optional.of(file != null ? new File(file.toString().replace("file:", "")).getName()
                    : configs[0].getPid());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("could not list datasource configurations: {}", e.toString());
            return Optional.empty();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        if (starter != null) {
            starter.join(5_000);
            if (starter.isAlive()) {
                // still waiting for the server, e.g. when daqhub stops right after it started: the JDBC driver
                // bundle is already gone, so the wait would hold the shutdown for a whole minute
                starter.interrupt();
                starter.join(30_000);
            }
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            try {
                server.close();
                LOG.info("embedded PostgreSQL stopped");
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        } else if (dataDir != null) {
            try {
                PostmasterPid.stopOrphan(dataDir); // a server an abandoned start left running
            } catch (IOException e) {
                LOG.warn("could not check {} for a running PostgreSQL: {}", dataDir, e.toString());
            }
        }
    }
}
