package org.daqhub.it;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Boots the real daqhub distribution (one container per test class) and drives it as an operator would. */
public abstract class DaqhubTestSupport {
    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /** Options every daqhub test class needs; add the class's own cfg files after these. */
    protected static Option[] baseOptions(Option... extra) {
        String version = System.getProperty("daqhub.version");
        String karafVersion = System.getProperty("karaf.version");
        MavenArtifactUrlReference dist = maven().groupId("org.daqhub").artifactId("daqhub").version(version).type("tar.gz");
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Option> o = new ArrayList<>(List.of(
                // Java 9+ launch options from bin/karaf (Pax Exam 4.13 does not add them)
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"), // as bin/setenv: the JAX-RS API jar
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"), vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vmOption("--patch-module"), vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vmOption("-classpath"), vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
                karafDistributionConfiguration().frameworkUrl(dist).name("daqhub").unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
                // what the tests inside the container need to know about the build
                editConfigurationFilePut("etc/system.properties", "daqhub.version", version),
                editConfigurationFilePut("etc/system.properties", "daqhub.test.repo", localRepo),
                // ports apart from a demo that may be running on the same machine
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", "18181"),
                // the demo account, as bin/daqhub-demo adds it (a distribution has none)
                editConfigurationFilePut("etc/users.properties", "karaf", "karaf,_g_:admingroup"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
                editConfigurationFilePut("etc/org.daqhub.bus.cfg", "tcp.pub.port", "15560"),
                editConfigurationFilePut("etc/org.daqhub.bus.cfg", "tcp.sub.port", "15561"),
                editConfigurationFilePut("etc/org.daqhub.persistence.cfg", "port", "15433")));
        o.addAll(List.of(extra));
        return o.toArray(new Option[0]);
    }

    /** Runs a shell command as an operator would type it and returns what it printed. */
    protected String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, ps, ps);
        try {
            Object result = session.execute(command);
            if (result != null) {
                ps.println(result);
            }
        } finally {
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    protected List<InstanceStatus> instances() throws Exception {
        List<InstanceStatus> out = new ArrayList<>();
        for (ServiceReference<RuntimeStatus> ref : bundleContext.getServiceReferences(RuntimeStatus.class, null)) {
            RuntimeStatus s = bundleContext.getService(ref);
            if (s != null) {
                out.addAll(s.instances());
                bundleContext.ungetService(ref);
            }
        }
        return out;
    }

    protected InstanceStatus instance(String kind, String name) throws Exception {
        for (InstanceStatus s : instances()) {
            if (s.kind().equals(kind) && s.instance().equals(name)) {
                return s;
            }
        }
        return null;
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    protected static Path karafHome() {
        return Paths.get(System.getProperty("karaf.home"));
    }

    protected static Path karafData() {
        return Paths.get(System.getProperty("karaf.data"));
    }

    /** Writes a cfg file into etc/ the way an operator would (atomically, so fileinstall never reads half a file). */
    protected static void dropConfig(String fileName, String content) throws Exception {
        Path tmp = karafHome().resolve("etc").resolve("." + fileName + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, karafHome().resolve("etc").resolve(fileName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    protected static String karafLog() throws Exception {
        return Files.readString(karafData().resolve("log/karaf.log"));
    }

    /** Polls until the condition returns a non-null, non-false value; fails with the message after the timeout. */
    protected static <T> T await(String what, long timeoutMillis, Callable<T> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Throwable last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                T v = condition.call();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for: " + what, last);
    }

    protected static Option noOption() {
        return CoreOptions.composite();
    }
}
