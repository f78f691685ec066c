package org.daqhub.metatype;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
        return metatype(ocd, ocd.getName());
    }

    /** As {@link #metatype(Class)}, for an {@code @ObjectClassDefinition(id = ...)}: bnd names the XML by the id. */
    public static Map<String, String> metatype(Class<?> ocd, String id) throws Exception {
        try (InputStream in = ocd.getClassLoader().getResourceAsStream("OSGI-INF/metatype/" + id + ".xml")) {
            if (in == null) {
                throw new AssertionError("no metatype generated for " + id);
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

    /**
     * The component property type DS hands a component for {@code props}, for a component that takes its
     * configuration typed rather than as a map: each element reads its key by the DS name mapping ({@code max_skew_s}
     * is {@code max.skew.s}, {@code a__b} is {@code a_b}, {@code a$_$b} is {@code a-b}) with {@code Map.get} (so
     * {@link #recording} notes it), else it is its default. Converts to String, boolean, int, long and double.
     */
    public static <A> A typed(Class<A> type, Map<String, Object> props) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, m, args) -> {
            if (m.getDeclaringClass() == Object.class || m.getName().equals("annotationType")) {
                return switch (m.getName()) {
                case "annotationType" -> type;
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> type.getSimpleName() + props;
                };
            }
            Object v = props.get(key(m));
            return v == null ? m.getDefaultValue() : convert(v.toString().trim(), m.getReturnType());
        });
        return type.cast(proxy);
    }

    private static String key(Method m) {
        return m.getName().replace("$_$", "-").replace("$$", "\u0000").replace("$", "").replace("__", "\u0001")
                .replace('_', '.').replace('\u0001', '_').replace('\u0000', '$');
    }

    private static Object convert(String v, Class<?> to) {
        if (to == String.class) {
            return v;
        } else if (to == boolean.class) {
            return Boolean.valueOf(v);
        } else if (to == int.class) {
            return Integer.valueOf(v);
        } else if (to == long.class) {
            return Long.valueOf(v);
        } else if (to == double.class) {
            return Double.valueOf(v);
        }
        throw new UnsupportedOperationException("no conversion to " + to + " here");
    }
}
