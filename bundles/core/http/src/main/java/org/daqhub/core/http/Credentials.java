package org.daqhub.core.http;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sent a request, from its Authorization header: {@code Basic} user and password checked against the Karaf
 * JAAS realm (a success remembered {@code auth.cache.s} under the header's SHA-256, so a busy client is not one
 * realm login per request), or {@code Bearer} an {@link ApiTokens API token}. One place for the JAX-RS routes and
 * the /metrics servlet.
 */
@Component(service = Credentials.class, configurationPid = HttpConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private final ApiTokens tokens;
    private volatile String realm;
    private volatile long cacheMillis;
    private final Map<String, Remembered> logins = new ConcurrentHashMap<>();

    /** Someone authenticated: a user of the realm or a token, and the roles held. */
    public record Caller(String name, Set<String> roles, String scheme) {
    }

    private record Remembered(Caller caller, long until) {
    }

    @Activate
    public Credentials(@Reference ApiTokens tokens, HttpConfig config) {
        this.tokens = tokens;
        configure(config);
    }

    @Modified
    void configure(HttpConfig config) {
        realm = config.realm();
        cacheMillis = config.auth_cache_s() * 1000L;
        logins.clear();
    }

    /** The caller, or null for no or bad credentials (never a reason a client could probe with). */
    public Caller authenticate(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ApiTokens.Token t = tokens.verify(authorization.substring(7).trim());
            return t == null ? null : new Caller("token:" + t.name(), Set.of(t.role()), "Bearer");
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String key = ApiTokens.sha256(authorization);
        Remembered r = logins.get(key);
        long now = System.currentTimeMillis();
        if (r != null && r.until() > now) {
            return r.caller();
        }
        Caller c = login(authorization.substring(6).trim());
        if (c != null && cacheMillis > 0) {
            if (logins.size() > 10_000) {
                logins.clear(); // bounded: stale entries of many users go at once
            }
            logins.put(key, new Remembered(c, now + cacheMillis));
        } else {
            logins.remove(key);
        }
        return c;
    }

    private Caller login(String basic) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':'); // the first: a password may contain ':'
        if (colon < 1) {
            return null;
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        try {
            // the realm's login modules are found through the context class loader: JAAS' boot one, not the caller's
            t.setContextClassLoader(RolePrincipal.class.getClassLoader());
            new LoginContext(realm, subject, callbacks -> {
                for (var cb : callbacks) {
                    if (cb instanceof NameCallback n) {
                        n.setName(user);
                    } else if (cb instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(cb);
                    }
                }
            }).login();
        } catch (LoginException e) {
            LOG.debug("login of {} refused: {}", user, e.getMessage());
            return null;
        } finally {
            t.setContextClassLoader(previous);
            java.util.Arrays.fill(password, '\0');
        }
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName)
                .collect(Collectors.toUnmodifiableSet());
        return new Caller(user, roles, "Basic");
    }
}
