package org.daqhub.core.http;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.DTOConstants;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedExtensionDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/** What the JAX-RS whiteboard serves right now, and what it refused, read from its runtime DTOs. */
final class LiveResources {
    private LiveResources() {
    }

    /** A served resource: its application's base, its service and the class carrying its annotations. */
    record Served(String base, long serviceId, Class<?> type) {
    }

    /** A route as the whiteboard reports it. */
    record Route(String method, String path, String resource) {
    }

    /** A resource, extension or application the whiteboard did not take, and why. */
    record Refused(String kind, String name, long serviceId, String reason) {
    }

    static List<ApplicationDTO> applications(RuntimeDTO dto) {
        List<ApplicationDTO> apps = new ArrayList<>();
        if (dto.defaultApplication != null) {
            apps.add(dto.defaultApplication);
        }
        if (dto.applicationDTOs != null) {
            apps.addAll(List.of(dto.applicationDTOs));
        }
        return apps;
    }

    static List<Served> served(JaxrsServiceRuntime runtime, BundleContext context) {
        List<Served> out = new ArrayList<>();
        for (ApplicationDTO app : applications(runtime.getRuntimeDTO())) {
            for (ResourceDTO r : app.resourceDTOs == null ? new ResourceDTO[0] : app.resourceDTOs) {
                Class<?> type = classOf(context, r.serviceId);
                if (type != null) {
                    out.add(new Served(app.base == null ? "/" : app.base, r.serviceId, type));
                }
            }
        }
        return out;
    }

    static List<Route> routes(RuntimeDTO dto) {
        List<Route> out = new ArrayList<>();
        for (ApplicationDTO app : applications(dto)) {
            for (ResourceDTO r : app.resourceDTOs == null ? new ResourceDTO[0] : app.resourceDTOs) {
                for (ResourceMethodInfoDTO m : r.resourceMethods == null ? new ResourceMethodInfoDTO[0] : r.resourceMethods) {
                    out.add(new Route(m.method, OpenApiDocument.join(app.base == null ? "/" : app.base,
                            m.path == null ? "" : OpenApiDocument.template(m.path)), r.name));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Route::path).thenComparing(Route::method));
        return out;
    }

    static List<Refused> refused(RuntimeDTO dto) {
        List<Refused> out = new ArrayList<>();
        for (FailedResourceDTO f : dto.failedResourceDTOs == null ? new FailedResourceDTO[0] : dto.failedResourceDTOs) {
            out.add(refusal("resource", f, f.failureReason));
        }
        for (FailedExtensionDTO f : dto.failedExtensionDTOs == null ? new FailedExtensionDTO[0] : dto.failedExtensionDTOs) {
            out.add(refusal("extension", f, f.failureReason));
        }
        for (FailedApplicationDTO f : dto.failedApplicationDTOs == null ? new FailedApplicationDTO[0]
                : dto.failedApplicationDTOs) {
            out.add(refusal("application", f, f.failureReason));
        }
        return out;
    }

    private static Refused refusal(String kind, BaseDTO f, int reason) {
        String why = switch (reason) {
            case DTOConstants.FAILURE_REASON_SHADOWED_BY_OTHER_SERVICE -> "shadowed by another with the same name or base";
            case DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE -> "its service could not be obtained (activation failed?)";
            case DTOConstants.FAILURE_REASON_VALIDATION_FAILED -> "its properties are invalid";
            case DTOConstants.FAILURE_REASON_NOT_AN_EXTENSION_TYPE -> "it is no JAX-RS extension type";
            case DTOConstants.FAILURE_REASON_REQUIRED_EXTENSIONS_UNAVAILABLE -> "an extension it requires is missing";
            case DTOConstants.FAILURE_REASON_DUPLICATE_NAME -> "its name is taken";
            case DTOConstants.FAILURE_REASON_REQUIRED_APPLICATION_UNAVAILABLE -> "its application is missing";
            default -> "unknown reason " + reason;
        };
        return new Refused(kind, f.name, f.serviceId, why);
    }

    /** The class of service {@code id}, loaded by the bundle that registered it; null when it is gone. */
    private static Class<?> classOf(BundleContext context, long id) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(service.id=" + id + ")");
            if (refs == null) {
                return null;
            }
            Object service = context.getService(refs[0]);
            if (service == null) {
                return null;
            }
            try {
                return service.getClass();
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
