package org.daqhub.core.http;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.daqhub.metatype.MetatypeCheck.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.UnknownKeys;
import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link HttpConfig} (what the web console's form shows and writes for
 * etc/org.daqhub.http.cfg) declares exactly the keys the three components configured by it read, through the
 * property type DS builds from the cfg: the JSON provider (body limits), the credentials (realm, login cache) and the
 * /metrics filter. The OCD has its own id, the PID, so bnd names the XML by that.
 */
class HttpMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheHttpSurfaceReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(HttpConfig.class, HttpConfig.PID);
        Set<String> read = new TreeSet<>();
        HttpConfig config = typed(HttpConfig.class, recording(read, Map.of()));
        new JsonProvider(config, Map.of());
        new Credentials(null, config);
        new ServletAuthFilter(null, config);
        assertEquals(ocd.keySet(), read);
        assertEquals(UnknownKeys.declared(HttpConfig.class), read); // the keys the JSON provider does not warn about
        HttpConfig none = typed(HttpConfig.class, Map.of());
        HttpConfig form = typed(HttpConfig.class, defaults(ocd));
        for (Method m : HttpConfig.class.getDeclaredMethods()) {
            assertEquals(m.invoke(none), m.invoke(form), m.getName());
        }
    }
}
