package org.daqhub.core.health;

import java.util.Set;
import java.util.TreeSet;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.daqhub.api.http.HttpSurface;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** GET /api/v1/health[?tags=store,database]: 200 unless a check is critical, then 503; the checks with their reasons. */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsName("health")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final HealthChecks checks;

    @Activate
    public HealthResource(@Reference HealthChecks checks) {
        this.checks = checks;
    }

    @GET
    @Path("health")
    public Response health(@QueryParam("tags") String tags) {
        HealthReport r = checks.check(tags(tags));
        return Response.status(r.critical() ? 503 : 200).entity(r).build();
    }

    static Set<String> tags(String csv) {
        Set<String> out = new TreeSet<>();
        if (csv != null) {
            for (String t : csv.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.trim());
                }
            }
        }
        return out;
    }
}
