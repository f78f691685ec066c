package org.daqhub.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.daqhub.api.config.Settings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The metatype bnd generates from {@link SupervisorConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class SupervisorMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheSupervisorsReadWithTheirDefaults() throws Exception {
        Map<String, String> ocd = metatype(SupervisorConfig.class);
        Set<String> read = new TreeSet<>();
        StoreSupervisor stores = new StoreSupervisor(null);
        stores.activate(recording(read, Map.of()));
        stores.deactivate();
        DriverSupervisor drivers = new DriverSupervisor(null);
        drivers.activate(recording(read, Map.of()));
        drivers.deactivate();
        assertEquals(ocd.keySet(), read);
        assertEquals(SupervisionSettings.DEFAULTS, SupervisionSettings.read(Settings.of(defaults(ocd)), SupervisionSettings.DEFAULTS));
    }

    /** Attribute id → default (null: none) of the metatype XML bnd wrote for {@code ocd} into target/classes. */
    static Map<String, String> metatype(Class<?> ocd) throws Exception {
        try (InputStream in = ocd.getClassLoader().getResourceAsStream("OSGI-INF/metatype/" + ocd.getName() + ".xml")) {
            assertNotNull(in, "no metatype generated for " + ocd.getName());
            NodeList ads = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("AD");
            Map<String, String> out = new TreeMap<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                out.put(ad.getAttribute("id"), ad.hasAttribute("default") ? ad.getAttribute("default") : null);
            }
            return out;
        }
    }

    /** {@code values}, noting in {@code read} every key looked up (how Settings reads), but the framework's own. */
    static Map<String, Object> recording(Set<String> read, Map<String, Object> values) {
        return new HashMap<>(values) {
            @Override
            public Object get(Object key) {
                if (!Set.of("service.pid", "felix.fileinstall.filename", "component.name").contains(key)) {
                    read.add((String) key);
                }
                return super.get(key);
            }
        };
    }

    /** The metatype's defaults, as a form saved without changes writes them. */
    static Map<String, Object> defaults(Map<String, String> metatype, Object... more) {
        Map<String, Object> m = new HashMap<>();
        metatype.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }
}
