package org.daqhub.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route authenticates and checks its role: tokens here (the Karaf realm needs Karaf: the distribution tests
 * log in with users), a realm that is not there refuses Basic logins.
 */
class AuthTest {
    @TempDir
    static Path dir;
    static ApiTokens tokens;
    static ApiTestServer api;
    static String viewer, operator, admin;

    @javax.ws.rs.Path("/api/v1/things")
    public static class ThingsResource {
        @GET
        public Map<String, String> list() {
            return Map.of("ok", "read");
        }

        @POST
        public Map<String, String> create() {
            return Map.of("ok", "written");
        }

        @POST
        @javax.ws.rs.Path("config")
        @RolesAllowed("admin")
        public Map<String, String> configure() {
            return Map.of("ok", "configured");
        }
    }

    static HttpConfig config() {
        return new HttpConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HttpConfig.class;
            }

            @Override
            public long max_body_bytes() {
                return 1 << 20;
            }

            @Override
            public int max_nesting_depth() {
                return 200;
            }

            @Override
            public String realm() {
                return "no-such-realm";
            }

            @Override
            public int auth_cache_s() {
                return 60;
            }

            @Override
            public boolean metrics_open() {
                return false;
            }
        };
    }

    @BeforeAll
    static void start() throws Exception {
        tokens = new ApiTokens(dir.resolve("etc/daqhub-tokens.properties"));
        viewer = tokens.create("grafana", "viewer");
        operator = tokens.create("sdk", "operator");
        admin = tokens.create("ops", "admin");
        api = ApiTestServer.start(1 << 20, List.of(new RealmAuthFilter(new Credentials(tokens, config()))),
                new ThingsResource());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void withoutCredentialsEveryRouteIs401WithAChallenge() throws Exception {
        for (String[] r : new String[][] { { "GET", "/api/v1/things" }, { "POST", "/api/v1/things" },
            { "POST", "/api/v1/things/config" } }) {
            ApiTestServer.Answer a = api.call(r[0], r[1], null, null);
            assertEquals(401, a.status(), r[0] + " " + r[1] + " " + a.body());
            assertTrue(a.challenge().contains("Basic"), a.challenge());
            assertTrue(a.body().contains("\"status\":401"), a.body());
        }
        assertEquals(401, api.call("GET", "/api/v1/things", null, bearer("dqh_forged")).status());
        assertEquals(401, api.call("GET", "/api/v1/things", null, "Digest abc").status());
        String basic = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes());
        assertEquals(401, api.call("GET", "/api/v1/things", null, basic).status(), "no realm of that name");
    }

    @Test
    void eachRoleMayWhatItsRouteNeedsAndNoMore() throws Exception {
        assertEquals(200, api.call("GET", "/api/v1/things", null, bearer(viewer)).status());
        ApiTestServer.Answer refused = api.call("POST", "/api/v1/things", null, bearer(viewer));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("operator"), refused.body());
        assertEquals(200, api.call("POST", "/api/v1/things", null, bearer(operator)).status());
        assertEquals(403, api.call("POST", "/api/v1/things/config", null, bearer(operator)).status());
        assertEquals(200, api.call("POST", "/api/v1/things/config", null, bearer(admin)).status());
        assertEquals(200, api.call("GET", "/api/v1/things", null, bearer(admin)).status());
    }

    @Test
    void tokensAreStoredHashedAndRevokedAtOnce() throws Exception {
        String secret = tokens.create("short-lived", "viewer");
        String file = Files.readString(dir.resolve("etc/daqhub-tokens.properties"));
        assertFalse(file.contains(secret.substring(ApiTokens.PREFIX.length())), file);
        assertTrue(file.contains(ApiTokens.sha256(secret)), file);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("etc/daqhub-tokens.properties"))));
        assertEquals(200, api.call("GET", "/api/v1/things", null, bearer(secret)).status());
        assertTrue(tokens.revoke("short-lived"));
        assertEquals(401, api.call("GET", "/api/v1/things", null, bearer(secret)).status());
        assertNull(new ApiTokens(dir.resolve("etc/daqhub-tokens.properties")).verify(secret), "revoked on disk too");
        assertEquals("operator", new ApiTokens(dir.resolve("etc/daqhub-tokens.properties")).verify(operator).role());
        assertThrows(IllegalArgumentException.class, () -> tokens.create("sdk", "viewer"), "a name once");
        assertThrows(IllegalArgumentException.class, () -> tokens.create("x", "root"), "a role of the three");
    }
}
