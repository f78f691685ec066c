package org.daqhub.core.supervisor;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The attribute ids a bundle's metatype declares for a (factory) PID (a class of its own: OSGi only). */
final class MetatypeKeys {
    private MetatypeKeys() {
    }

    /**
     * The keys declared for a whiteboard service's configuration (its factory PID, else its PID, in the metatype
     * of the bundle that registered it); null without a metatype service or declaration.
     */
    static Set<String> declared(MetaTypeService metatype, ServiceReference<?> ref, Map<String, Object> props) {
        Object pid = props.getOrDefault("service.factoryPid", props.get("service.pid"));
        return of(metatype, ref.getBundle(), pid == null ? null : pid.toString());
    }

    /** Null if the bundle declares no metatype for {@code pid}: then there is nothing to check against. */
    static Set<String> of(MetaTypeService metatype, Bundle bundle, String pid) {
        if (metatype == null || bundle == null || pid == null) {
            return null;
        }
        MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
        if (info == null) {
            return null;
        }
        ObjectClassDefinition ocd;
        try {
            ocd = info.getObjectClassDefinition(pid, null);
        } catch (IllegalArgumentException e) {
            return null; // no designate for this PID
        }
        if (ocd == null) {
            return null;
        }
        Set<String> ids = new TreeSet<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all != null) {
            for (AttributeDefinition a : all) {
                ids.add(a.getID());
            }
        }
        return ids;
    }
}
