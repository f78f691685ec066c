package org.daqhub.store.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.daqhub.api.store.StoreProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The metatype bnd generates from {@link CsvConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class CsvMetatypeTest {
    @TempDir
    Path dir;

    @Test
    void metatypeDeclaresTheKeysTheStoreReadsWithItsDefaults() throws Exception {
        Map<String, String> ocd = metatype(CsvConfig.class);
        Set<String> read = new TreeSet<>();
        CsvSettings none = CsvSettings.read(recording(read, Map.of("service.pid", "org.daqhub.store.csv~t")), dir);
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.remove(StoreProperties.TOPICS); // read by the store runner
        assertEquals(declared, read);
        assertEquals(none, CsvSettings.read(defaults(ocd, "service.pid", "org.daqhub.store.csv~t"), dir));
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
