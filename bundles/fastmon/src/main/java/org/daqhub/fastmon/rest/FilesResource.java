package org.daqhub.fastmon.rest;

import static org.daqhub.fastmon.rest.JsonFields.jsonText;
import static org.daqhub.fastmon.rest.JsonFields.object;
import static org.daqhub.fastmon.rest.JsonFields.optionalLong;
import static org.daqhub.fastmon.rest.JsonFields.requiredLong;
import static org.daqhub.fastmon.rest.JsonFields.requiredText;
import static org.daqhub.fastmon.rest.JsonFields.status;
import static org.daqhub.fastmon.rest.JsonFields.text;
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
import org.daqhub.fastmon.Registration;
import org.daqhub.fastmon.StfRegistrar;
import org.daqhub.fastmon.StfRequest;
import org.daqhub.fastmon.rest.Views.StfRegistered;
import org.daqhub.fastmon.rest.Views.StfView;
import org.daqhub.fastmon.rest.Views.TfView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * /api/v1/stf-files and /api/v1/tf-files: registering an STF (201, 200 for a duplicate) makes its TF samples and
 * distributes them; status changes follow the file lifecycle (409 otherwise). TF samples are never posted.
 */
@Component(service = FilesResource.class)
@JaxrsResource
@JaxrsName("fastmon.files")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
    private final Bookkeeping bookkeeping;
    private final StfRegistrar registrar;

    @Activate
    public FilesResource(@Reference FastMonitor fastmon) {
        this.bookkeeping = fastmon.bookkeeping();
        this.registrar = fastmon.registrar();
    }

    @GET
    @Path("stf-files")
    public List<StfView> stfFiles(@QueryParam("run") String run, @QueryParam("status") String status,
            @QueryParam("limit") String limit) {
        return bookkeeping.stfFiles(QueryParams.optionalLong("run", run), status(status),
                QueryParams.limit(limit, QueryParams.DEFAULT_LIMIT)).stream().map(StfView::of).toList();
    }

    @GET
    @Path("stf-files/{file_id}")
    public StfView stfFile(@PathParam("file_id") String id) {
        return StfView.of(bookkeeping.stfFile(id));
    }

    @POST
    @Path("stf-files")
    public Response register(JsonNode body) {
        ObjectNode b = object(body);
        StfRequest r = new StfRequest(requiredLong(b, "run_number"), requiredText(b, "file_url"),
                optionalLong(b, "file_size_bytes"), text(b, "checksum"), text(b, "machine_state"),
                text(b, "stf_identifier"), jsonText(b, "metadata"), time(b, "creation_time"));
        Registration reg = registrar.register(r);
        return Response.status(reg.duplicate() ? 200 : 201).entity(new StfRegistered(StfView.of(reg.stf()),
                reg.duplicate(), reg.tfs().stream().map(TfView::of).toList())).build();
    }

    @PUT
    @Path("stf-files/{file_id}")
    public StfView moveStf(@PathParam("file_id") String id, JsonNode body) {
        return StfView.of(bookkeeping.moveStf(id, status(requiredText(object(body), "status"))));
    }

    @PATCH
    @Path("stf-files/{file_id}")
    public StfView patchStf(@PathParam("file_id") String id, JsonNode body) {
        return moveStf(id, body);
    }

    @GET
    @Path("tf-files")
    public List<TfView> tfFiles(@QueryParam("run") String run, @QueryParam("stf") String stf,
            @QueryParam("status") String status, @QueryParam("limit") String limit) {
        return bookkeeping.tfFiles(QueryParams.optionalLong("run", run), stf, status(status),
                QueryParams.limit(limit, QueryParams.DEFAULT_LIMIT)).stream().map(TfView::of).toList();
    }

    @GET
    @Path("tf-files/{tf_file_id}")
    public TfView tfFile(@PathParam("tf_file_id") String id) {
        return TfView.of(bookkeeping.tfFile(id));
    }

    @PUT
    @Path("tf-files/{tf_file_id}")
    public TfView moveTf(@PathParam("tf_file_id") String id, JsonNode body) {
        return TfView.of(bookkeeping.moveTf(id, status(requiredText(object(body), "status"))));
    }

    @PATCH
    @Path("tf-files/{tf_file_id}")
    public TfView patchTf(@PathParam("tf_file_id") String id, JsonNode body) {
        return moveTf(id, body);
    }
}
