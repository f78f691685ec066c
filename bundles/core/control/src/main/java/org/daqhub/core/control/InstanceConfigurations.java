package org.daqhub.core.control;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.daqhub.api.config.Settings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * An instance's configuration as an operator may see it: found in ConfigurationAdmin by the instance's name, every
 * value its metatype declares a password (or, without a metatype, whose key names a secret) masked.
 */
final class InstanceConfigurations {
    static final String MASK = "********";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|credential|api[._-]?key).*");
    private static final Set<String> FRAMEWORK_KEYS = Set.of("service.pid", "service.factoryPid",
            "felix.fileinstall.filename", "service.bundleLocation");
    private final ConfigurationAdmin admin;
    private final MetaTypeService metatypes;
    private final BundleContext context;

    InstanceConfigurations(ConfigurationAdmin admin, MetaTypeService metatypes, BundleContext context) {
        this.admin = admin;
        this.metatypes = metatypes;
        this.context = context;
    }

    /** The configuration of instance {@code name} (factory PID, masked properties), or null. */
    record Found(String pid, String factoryPid, Map<String, Object> properties) {
    }

    /** {@code kind} picks between a driver and a store of one name: their factory PIDs are org.daqhub.<kind>.… */
    Found find(String name, String kind) {
        Configuration[] all;
        try {
            all = admin.listConfigurations(null);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("reading the configurations failed: " + e.getMessage(), e);
        }
        if (all == null) {
            return null;
        }
        for (Configuration c : all) {
            Map<String, Object> props = map(c.getProperties());
            if (c.getFactoryPid() != null && name.equals(Settings.instanceName(props))
                    && (kind == null || !Set.of("driver", "store").contains(kind) || c.getFactoryPid().contains("." + kind + "."))) {
                return new Found(c.getPid(), c.getFactoryPid(), masked(props, passwordKeys(c.getFactoryPid())));
            }
        }
        return null;
    }

    /** Values of {@code passwords} (the metatype's password attributes, may be null) and of keys naming a secret masked. */
    static Map<String, Object> masked(Map<String, Object> props, Set<String> passwords) {
        Map<String, Object> out = new TreeMap<>();
        props.forEach((k, v) -> {
            if (!FRAMEWORK_KEYS.contains(k)) {
                boolean secret = SECRET_KEY.matcher(k).matches() || (passwords != null && passwords.contains(k));
                out.put(k, secret && v != null && !v.toString().isEmpty() ? MASK : v);
            }
        });
        return out;
    }

    /** Keys the factory's metatype declares of type password; null when no bundle has a metatype for it. */
    private Set<String> passwordKeys(String factoryPid) {
        if (metatypes == null || context == null) {
            return null;
        }
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = metatypes.getMetaTypeInformation(b);
            if (info == null || !Set.of(info.getFactoryPids()).contains(factoryPid)) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(factoryPid, null);
            Set<String> out = new java.util.HashSet<>();
            for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                if (ad.getType() == AttributeDefinition.PASSWORD) {
                    out.add(ad.getID());
                }
            }
            return out;
        }
        return null;
    }

    private static Map<String, Object> map(Dictionary<String, Object> d) {
        Map<String, Object> out = new HashMap<>();
        if (d != null) {
            for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                Object v = d.get(k);
                out.put(k, v instanceof Object[] a ? java.util.Arrays.asList(a) : v);
            }
        }
        return out;
    }
}
