package org.daqhub.core.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Collects every {@link RuntimeStatus} service (bus, driver supervisor, store supervisor...). */
final class RuntimeStatuses {
    private RuntimeStatuses() {
    }

    static List<RuntimeStatus> all(BundleContext ctx) {
        List<RuntimeStatus> out = new ArrayList<>();
        try {
            for (ServiceReference<RuntimeStatus> ref : ctx.getServiceReferences(RuntimeStatus.class, null)) {
                RuntimeStatus s = ctx.getService(ref);
                if (s != null) {
                    out.add(s);
                    ctx.ungetService(ref);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static List<InstanceStatus> instances(BundleContext ctx) {
        List<InstanceStatus> out = new ArrayList<>();
        for (RuntimeStatus s : all(ctx)) {
            out.addAll(s.instances());
        }
        out.sort(Comparator.comparing(InstanceStatus::kind).thenComparing(InstanceStatus::instance));
        return out;
    }
}
