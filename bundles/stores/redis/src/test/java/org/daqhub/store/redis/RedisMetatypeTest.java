package org.daqhub.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.daqhub.api.store.StoreProperties;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The metatype bnd generates from {@link RedisConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class RedisMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheStoreReads() throws Exception {
        Map<String, String> ocd = metatype(RedisConfig.class);
        Set<String> read = new TreeSet<>();
        new RedisStore().activate(recording(read, Map.of("service.pid", "org.daqhub.store.redis~t")));
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.remove(StoreProperties.TOPICS); // read by the store runner
        assertEquals(declared, read);
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
}
