package org.daqhub.core.http;

import java.util.HashSet;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;

/**
 * Logs every resource, extension or application the JAX-RS whiteboard refuses, once each: the whiteboard itself
 * only notes them in its runtime DTO, so a route could be missing without a word.
 */
@Component(immediate = true)
public class RefusedResources {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedResources.class);
    private final Set<String> reported = new HashSet<>();

    @Reference(policy = ReferencePolicy.DYNAMIC, updated = "changed")
    void bindRuntime(JaxrsServiceRuntime runtime) {
        changed(runtime);
    }

    void unbindRuntime(JaxrsServiceRuntime runtime) {
    }

    /** The runtime's service.changecount moves with every change of what it serves. */
    synchronized void changed(JaxrsServiceRuntime runtime) {
        org.osgi.service.jaxrs.runtime.dto.RuntimeDTO dto;
        try {
            dto = runtime.getRuntimeDTO();
        } catch (RuntimeException notYetRegistered) { // Aries 2.0.2 while its own registration is under way
            return; // the registration's service.changecount update comes next
        }
        Set<String> now = new HashSet<>();
        for (LiveResources.Refused r : LiveResources.refused(dto)) {
            String key = r.kind() + " " + r.serviceId() + " " + r.reason();
            now.add(key);
            if (!reported.contains(key)) {
                LOG.warn("HTTP {} {} (service {}) is not served: {}; see daqhub:routes", r.kind(), r.name(),
                        r.serviceId(), r.reason());
            }
        }
        reported.retainAll(now);
        reported.addAll(now);
    }
}
