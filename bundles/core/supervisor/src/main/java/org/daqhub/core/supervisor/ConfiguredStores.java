package org.daqhub.core.supervisor;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.daqhub.api.config.Settings;
import org.daqhub.api.store.StoreProperties;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The store instances configured in ConfigAdmin (a class of its own: the supervisors also run outside OSGi). */
final class ConfiguredStores {
    private ConfiguredStores() {
    }

    /**
     * Factory configurations with a {@code topics} key, instance → topics: every store's cfg, whether its
     * bundle runs yet or not; empty without ConfigAdmin.
     */
    static Map<String, List<String>> in(ConfigurationAdmin ca) {
        Map<String, List<String>> out = new TreeMap<>();
        if (ca == null) {
            return out;
        }
        try {
            Configuration[] cs = ca.listConfigurations("(&(service.factoryPid=*)(" + StoreProperties.TOPICS + "=*))");
            for (Configuration c : cs == null ? new Configuration[0] : cs) {
                Dictionary<String, Object> d = c.getProperties();
                if (d == null) {
                    continue;
                }
                Map<String, Object> props = new HashMap<>();
                for (String k : Collections.list(d.keys())) {
                    props.put(k, d.get(k));
                }
                out.put(Settings.instanceName(props), Settings.of(props).list(StoreProperties.TOPICS));
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
