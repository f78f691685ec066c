package org.daqhub.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.daqhub.api.http.Roles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens for machine clients (the SDK, Prometheus, agents): a name, one role and the SHA-256 of a random
 * 256-bit secret, kept in {@code etc/daqhub-tokens.properties} (owner-only). The secret itself is shown once, at
 * creation, and never stored: a lost token is revoked and created again.
 */
@Component(service = ApiTokens.class)
public class ApiTokens {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    static final String PREFIX = "dqh_";
    private final Path file;
    private final SecureRandom random = new SecureRandom();
    /** SHA-256 hex → token. */
    private final Map<String, Token> byHash = new ConcurrentHashMap<>();

    /** One token as stored: never its secret. */
    public record Token(String name, String role, String sha256, Instant created) {
    }

    @Activate
    public ApiTokens() throws IOException {
        this(Path.of(System.getProperty("karaf.etc", "etc"), "daqhub-tokens.properties"));
    }

    public ApiTokens(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (String name : p.stringPropertyNames()) {
                String[] v = p.getProperty(name).split(";", 3);
                if (v.length != 3 || !Roles.ALL.contains(v[0]) || !v[1].matches("[0-9a-f]{64}")) {
                    LOG.warn("{}: entry {} is not role;sha256;created, ignored", file, name);
                    continue;
                }
                byHash.put(v[1], new Token(name, v[0], v[1], Instant.parse(v[2])));
            }
        }
    }

    /** A new token {@code name} with {@code role}; the returned secret is the only copy there will be. */
    public synchronized String create(String name, String role) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a token name is 1-64 of A-Z a-z 0-9 . _ -, got '" + name + "'");
        }
        if (!Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + Roles.ALL + ", got '" + role + "'");
        }
        if (list().stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("a token named " + name + " exists; daqhub:token-revoke it first");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256(token);
        byHash.put(hash, new Token(name, role, hash, Instant.now()));
        save();
        LOG.info("API token {} created with role {}", name, role); // never the secret
        return token;
    }

    /** Removes token {@code name}; false if there is none. */
    public synchronized boolean revoke(String name) throws IOException {
        boolean removed = byHash.values().removeIf(t -> t.name().equals(name));
        if (removed) {
            save();
            LOG.info("API token {} revoked", name);
        }
        return removed;
    }

    public List<Token> list() {
        List<Token> out = new ArrayList<>(byHash.values());
        out.sort(java.util.Comparator.comparing(Token::name));
        return out;
    }

    /** The token a client presented, or null when it is none of ours. */
    public Token verify(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return null;
        }
        return byHash.get(sha256(presented)); // a lookup by hash: the secret's 256 bits leave nothing to time
    }

    private void save() throws IOException {
        Properties p = new Properties();
        for (Token t : byHash.values()) {
            p.setProperty(t.name(), t.role() + ";" + t.sha256() + ";" + t.created());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "daqhub API tokens: name = role;sha256 of the token;created (the tokens themselves are not kept)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
