package org.daqhub.metatype;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * For a plugin's test that its metatype (what the web console's form shows and writes) declares exactly the keys
 * its code reads: the ids bnd wrote for an {@code @ObjectClassDefinition}, and a cfg map that notes every key looked up.
 */
public final class MetatypeCheck {
    private MetatypeCheck() {
    }

    /** Attribute id → default (null: none) of the metatype XML bnd wrote for {@code ocd} into target/classes. */
    public static Map<String, String> metatype(Class<?> ocd) throws Exception {
        try (InputStream in = ocd.getClassLoader().getResourceAsStream("OSGI-INF/metatype/" + ocd.getName() + ".xml")) {
            if (in == null) {
                throw new AssertionError("no metatype generated for " + ocd.getName());
            }
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
    public static Map<String, Object> recording(Set<String> read, Map<String, Object> values) {
        return new HashMap<>(values) {
            private static final long serialVersionUID = 1L;

            @Override
            public Object get(Object key) {
                if (!Set.of("service.pid", "felix.fileinstall.filename", "component.name").contains(key)) {
                    read.add((String) key);
                }
                return super.get(key);
            }
        };
    }

    /** The metatype's defaults, as a form saved without changes writes them, plus {@code more} key/value pairs. */
    public static Map<String, Object> defaults(Map<String, String> metatype, Object... more) {
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
