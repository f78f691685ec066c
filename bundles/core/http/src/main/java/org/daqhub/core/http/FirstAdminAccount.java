package org.daqhub.core.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No default admin password: when etc/users.properties has no user with the admin role (a fresh distribution;
 * bin/daqhub-demo adds its karaf/karaf first), the first start adds user {@code admin} with a generated password,
 * written to etc/admin.password (owner-only) and named once in the log.
 */
@Component(immediate = true)
public class FirstAdminAccount {
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdminAccount.class);

    @Activate
    void activate() {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        try {
            ensure(etc.resolve("users.properties"), etc.resolve("admin.password"));
        } catch (IOException e) {
            LOG.error("could not set up the first admin account in {}: {}; add a user with _g_:admingroup by hand",
                    etc.resolve("users.properties"), e.toString());
        }
    }

    /** Adds the account if no user is admin; returns whether it did. */
    static boolean ensure(Path users, Path passwordFile) throws IOException {
        if (!Files.exists(users) || hasAdmin(users)) {
            return false;
        }
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------")); // it holds a password now
        Files.writeString(users, "\n# generated at the first start (no admin account was set); the password is also in "
                + passwordFile.getFileName() + "\nadmin = " + password + ",_g_:admingroup\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        LOG.warn("no admin account was set: user 'admin' created, its password is in {} (owner-only); change it in {}",
                passwordFile, users);
        return true;
    }

    /** Whether a user holds the admin role, directly or through a group ({@code _g_:name = group,role,...}). */
    static boolean hasAdmin(Path users) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(users, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        Set<String> adminGroups = new HashSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("_g_:") && roles(p.getProperty(key)).contains("admin")) {
                adminGroups.add(key);
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("_g_:")) {
                continue;
            }
            Set<String> r = roles(p.getProperty(key)); // the first entry is the password
            if (r.contains("admin") || r.stream().anyMatch(adminGroups::contains)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> roles(String value) {
        Set<String> out = new HashSet<>();
        String[] parts = value.split(",");
        for (int i = 1; i < parts.length; i++) {
            out.add(parts[i].trim());
        }
        return out;
    }
}
