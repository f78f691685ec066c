package org.daqhub.fastmon.rest;

import static org.daqhub.fastmon.rest.JsonFields.jsonText;
import static org.daqhub.fastmon.rest.JsonFields.object;
import static org.daqhub.fastmon.rest.JsonFields.requiredLong;
import static org.daqhub.fastmon.rest.JsonFields.time;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.daqhub.api.http.HttpSurface;
import org.daqhub.api.http.QueryParams;
import org.daqhub.fastmon.Bookkeeping;
import org.daqhub.fastmon.FastMonitor;
import org.daqhub.fastmon.RunResult;
import org.daqhub.fastmon.rest.Views.RunCreated;
import org.daqhub.fastmon.rest.Views.RunView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** /api/v1/runs: list, one by number, get-or-create (201 when created), end or change conditions. */
@Component(service = RunsResource.class)
@JaxrsResource
@JaxrsName("fastmon.runs")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final Bookkeeping bookkeeping;

    @Activate
    public RunsResource(@Reference FastMonitor fastmon) {
        this.bookkeeping = fastmon.bookkeeping();
    }

    @GET
    public List<RunView> list(@QueryParam("limit") String limit) {
        return bookkeeping.runs(QueryParams.limit(limit, QueryParams.DEFAULT_LIMIT)).stream().map(RunView::of).toList();
    }

    @GET
    @Path("{run_number}")
    public RunView one(@PathParam("run_number") String runNumber) {
        return RunView.of(bookkeeping.run(number(runNumber)));
    }

    @POST
    public Response getOrCreate(JsonNode body) {
        ObjectNode b = object(body);
        RunResult r = bookkeeping.getOrCreateRun(requiredLong(b, "run_number"), time(b, "start_time"),
                jsonText(b, "run_conditions"));
        return Response.status(r.created() ? 201 : 200).entity(new RunCreated(RunView.of(r.run()), r.created())).build();
    }

    @PUT
    @Path("{run_number}")
    public RunView update(@PathParam("run_number") String runNumber, JsonNode body) {
        ObjectNode b = object(body);
        return RunView.of(bookkeeping.updateRun(number(runNumber), time(b, "end_time"), jsonText(b, "run_conditions")));
    }

    @PATCH
    @Path("{run_number}")
    public RunView patch(@PathParam("run_number") String runNumber, JsonNode body) {
        return update(runNumber, body);
    }

    private static long number(String s) {
        return QueryParams.optionalLong("run_number", s);
    }
}
