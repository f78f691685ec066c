package org.daqhub.core.http;

import javax.ws.rs.GET;
import org.daqhub.api.http.HttpSurface;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GET /api/v1/openapi.json: an OpenAPI 3 document of every resource the whiteboard serves at this moment (a
 * feature installed later appears at the next request).
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsName("http.openapi")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1/openapi.json")
public class OpenApiResource {
    private final BundleContext context;
    @Reference
    private JaxrsServiceRuntime runtime;

    @Activate
    public OpenApiResource(BundleContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode openapi() {
        OpenApiDocument doc = new OpenApiDocument("daqhub", context.getBundle().getVersion().toString());
        for (LiveResources.Served s : LiveResources.served(runtime, context)) {
            doc.add(s.base(), s.type());
        }
        return doc.json();
    }
}
