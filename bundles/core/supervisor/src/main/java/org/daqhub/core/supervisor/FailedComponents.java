package org.daqhub.core.supervisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.daqhub.api.config.Settings;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Instances whose component could not be activated, as Declarative Services reports them: a driver or store
 * that refused its own cfg ({@code rate = abc}) never registers its service, so without this an operator would
 * not see it in {@code daqhub:status} at all.
 */
final class FailedComponents {
    private FailedComponents() {
    }

    /** The failed configurations of components that provide {@code service}, as INVALID problems. */
    static List<InstanceProblem> of(ServiceComponentRuntime scr, String kind, String service) {
        List<InstanceProblem> out = new ArrayList<>();
        if (scr == null) {
            return out;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces == null || !Arrays.asList(d.serviceInterfaces).contains(service)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    out.add(new InstanceProblem(kind, Settings.instanceName(c.properties), d.name, reason(c.failure)));
                }
            }
        }
        return out;
    }

    /** The first line of the failure's exception, without its class name (InvalidConfigException names the key). */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "activation failed";
        }
        String first = failure.lines().findFirst().orElse(failure).trim();
        int colon = first.indexOf(": ");
        return colon > 0 && first.substring(0, colon).matches("[\\w.$]+") ? first.substring(colon + 2) : first;
    }
}
