package org.daqhub.core.control;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
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
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|credential|api[._-]?key|header|auth).*");
    /** The user info (user:password@) and the query (?token=...) of a URL value: where URLs carry secrets. */
    private static final Pattern URL_SECRETS = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*:(?://)?)([^/@?]*@)?([^?]*)(\\?.*)?$");
    /** Where the configurations of each kind of instance live. */
    private static final Map<String, String> KIND_PREFIX = Map.of("driver", "org.daqhub.driver.", "store", "org.daqhub.store.",
            "channel", "org.daqhub.notify.", "integration", "org.daqhub.monitor.");
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
            if (daqhubs(c.getFactoryPid(), kind) && name.equals(Settings.instanceName(props))) {
                return new Found(c.getPid(), c.getFactoryPid(), masked(props, passwordKeys(c.getFactoryPid())));
            }
        }
        return null;
    }

    /** Only daqhub's own configurations, and of the kind asked for (a channel and a store may share a name). */
    private static boolean daqhubs(String factoryPid, String kind) {
        if (factoryPid == null || !factoryPid.startsWith("org.daqhub.")) {
            return false;
        }
        String prefix = kind == null ? null : KIND_PREFIX.get(kind);
        return kind == null || (prefix != null && factoryPid.startsWith(prefix));
    }

    /** A URL with its user info and query masked; anything else as it is. */
    static String url(String value) {
        if (!value.contains("://")) {
            return value;
        }
        java.util.regex.Matcher m = URL_SECRETS.matcher(value);
        if (!m.matches()) {
            return value;
        }
        return m.group(1) + (m.group(2) == null ? "" : MASK + "@") + m.group(3) + (m.group(4) == null ? "" : "?" + MASK);
    }

    /** Values of {@code passwords} (the metatype's password attributes, may be null) and of keys naming a secret masked. */
    static Map<String, Object> masked(Map<String, Object> props, Set<String> passwords) {
        Map<String, Object> out = new TreeMap<>();
        props.forEach((k, v) -> {
            if (!FRAMEWORK_KEYS.contains(k)) {
                boolean secret = SECRET_KEY.matcher(k).matches() || (passwords != null && passwords.contains(k));
                out.put(k, secret && v != null && !v.toString().isEmpty() ? MASK : v instanceof String text ? url(text) : v);
            }
        });
        return out;
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Factory PIDs of daqhub's components (those with a metatype), sorted. */
    java.util.SortedSet<String> factories() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        if (metatypes != null && context != null) {
            for (Bundle b : context.getBundles()) {
                MetaTypeInformation info = metatypes.getMetaTypeInformation(b);
                if (info != null) {
                    for (String f : info.getFactoryPids()) {
                        if (f.startsWith("org.daqhub.")) {
                            out.add(f);
                        }
                    }
                }
            }
        }
        return out;
    }

    synchronized InstanceResource.Created create(String factoryPid, String name, Map<String, Object> properties) {
        java.util.SortedSet<String> known = factories();
        if (factoryPid == null || !known.contains(factoryPid)) {
            throw org.daqhub.api.http.ApiException.invalid("factory_pid", "'" + factoryPid + "' is not an installed daqhub "
                    + "component; installed: " + String.join(", ", known));
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw org.daqhub.api.http.ApiException.invalid("name", "an instance name is 1-64 letters, digits, '.', '_' or "
                    + "'-', starting with a letter or digit; got '" + name + "'");
        }
        if (find(name, null) != null) {
            throw org.daqhub.api.http.ApiException.conflict("name", "an instance named '" + name + "' exists; DELETE it first");
        }
        java.util.Properties props = new java.util.Properties();
        properties.forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof java.util.Collection) {
                throw org.daqhub.api.http.ApiException.invalid("properties." + k, "a value is a string, number or boolean");
            }
            if (FRAMEWORK_KEYS.contains(k)) {
                throw org.daqhub.api.http.ApiException.invalid("properties." + k, k + " is set by the platform");
            }
            if (v.toString().contains("${")) { // the file installer would expand it: ${env:...} would read the environment
                throw org.daqhub.api.http.ApiException.invalid("properties." + k, "a value may not contain ${ (placeholders "
                        + "are expanded from the environment and system properties)");
            }
            props.setProperty(k, v.toString()); // as a .cfg file gives them: the component's metatype converts
        });
        String etc = System.getProperty("karaf.etc");
        if (etc == null) { // outside Karaf: straight into ConfigurationAdmin
            try {
                Configuration c = admin.getFactoryConfiguration(factoryPid, name, "?");
                java.util.Hashtable<String, Object> d = new java.util.Hashtable<>();
                props.stringPropertyNames().forEach(k -> d.put(k, props.getProperty(k)));
                c.update(d);
                return new InstanceResource.Created(c.getPid(), factoryPid, name, null);
            } catch (IOException e) {
                throw new IllegalStateException("creating " + factoryPid + "~" + name + " failed: " + e.getMessage(), e);
            }
        }
        // the file, as an operator drops it: Karaf's file installer makes the configuration from it (within a second)
        java.nio.file.Path file = java.nio.file.Paths.get(etc, factoryPid + "-" + name + ".cfg");
        if (java.nio.file.Files.exists(file)) {
            throw org.daqhub.api.http.ApiException.conflict("name", file + " exists; DELETE the instance first");
        }
        java.nio.file.Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp"); // not a .cfg: not picked up
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(tmp)) {
            w.write("# created through POST /api/v1/instances\n");
            java.io.StringWriter body = new java.io.StringWriter();
            props.store(body, null);
            for (String line : body.toString().split("\n")) {
                if (!line.startsWith("#")) { // Properties.store's date line
                    w.write(line + "\n");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing " + tmp + " failed: " + e.getMessage(), e);
        }
        try {
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("writing " + file + " failed: " + e.getMessage(), e);
        }
        return new InstanceResource.Created(factoryPid + "~" + name, factoryPid, name, file.toString());
    }

    InstanceResource.Created remove(String name, String kind) {
        Configuration[] all;
        try {
            all = admin.listConfigurations(null);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("reading the configurations failed: " + e.getMessage(), e);
        }
        List<Configuration> found = new java.util.ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            if (daqhubs(c.getFactoryPid(), kind) && name.equals(Settings.instanceName(map(c.getProperties())))) {
                found.add(c);
            }
        }
        if (found.isEmpty()) {
            throw org.daqhub.api.http.ApiException.notFound("configured instance '" + name + "'");
        }
        if (found.size() > 1) {
            throw org.daqhub.api.http.ApiException.conflict("kind", "'" + name + "' names " + found.size()
                    + " configured instances (" + String.join(", ", found.stream().map(Configuration::getFactoryPid).toList())
                    + "); say which with ?kind=");
        }
        Configuration c = found.get(0);
        Object file = c.getProperties() == null ? null : c.getProperties().get("felix.fileinstall.filename");
        try {
            java.nio.file.Path path = file == null ? null : java.nio.file.Paths.get(java.net.URI.create(file.toString()));
            if (path != null && java.nio.file.Files.exists(path)) {
                java.nio.file.Files.delete(path); // as an operator deletes it: the file installer removes the configuration
                return new InstanceResource.Created(c.getPid(), c.getFactoryPid(), name, path.toString());
            }
            c.delete();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("removing " + c.getPid() + " failed: " + e.getMessage(), e);
        }
        return new InstanceResource.Created(c.getPid(), c.getFactoryPid(), name, null);
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
