package org.daqhub.fastmon.rest;

import static org.daqhub.fastmon.rest.JsonFields.object;
import static org.daqhub.fastmon.rest.JsonFields.requiredText;
import static org.daqhub.fastmon.rest.JsonFields.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.daqhub.fastmon.FieldException;
import org.daqhub.fastmon.SubscriberChange;
import org.daqhub.fastmon.rest.Views.DispatchView;
import org.daqhub.fastmon.rest.Views.SubscriberView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * /api/v1/subscribers (who gets which fraction of the TF samples), /api/v1/dispatches (what was sent to whom) and
 * /api/v1/status (fast monitoring's counters, refused broker messages per reason among them).
 */
@Component(service = SubscribersResource.class)
@JaxrsResource
@JaxrsName("fastmon.subscribers")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SubscribersResource {
    private final FastMonitor fastmon;
    private final Bookkeeping bookkeeping;

    @Activate
    public SubscribersResource(@Reference FastMonitor fastmon) {
        this.fastmon = fastmon;
        this.bookkeeping = fastmon.bookkeeping();
    }

    @GET
    @Path("subscribers")
    public List<SubscriberView> subscribers() {
        return bookkeeping.subscribers().stream().map(SubscriberView::of).toList();
    }

    @GET
    @Path("subscribers/{subscriber_name}")
    public SubscriberView subscriber(@PathParam("subscriber_name") String name) {
        return SubscriberView.of(bookkeeping.subscriber(name));
    }

    @POST
    @Path("subscribers")
    public Response create(JsonNode body) {
        ObjectNode b = object(body);
        return Response.status(201)
                .entity(SubscriberView.of(bookkeeping.createSubscriber(requiredText(b, "subscriber_name"), change(b))))
                .build();
    }

    @PUT
    @Path("subscribers/{subscriber_name}")
    public SubscriberView update(@PathParam("subscriber_name") String name, JsonNode body) {
        return SubscriberView.of(bookkeeping.updateSubscriber(name, change(object(body))));
    }

    @PATCH
    @Path("subscribers/{subscriber_name}")
    public SubscriberView patch(@PathParam("subscriber_name") String name, JsonNode body) {
        return update(name, body);
    }

    @GET
    @Path("dispatches")
    public List<DispatchView> dispatches(@QueryParam("stf") String stf, @QueryParam("subscriber") String subscriber,
            @QueryParam("limit") String limit) {
        Long subscriberId = subscriber == null ? null : bookkeeping.subscriber(subscriber).getId();
        return bookkeeping.dispatches(stf, subscriberId, QueryParams.limit(limit, QueryParams.DEFAULT_LIMIT)).stream()
                .map(DispatchView::of).toList();
    }

    @GET
    @Path("status")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>(fastmon.counters());
        out.put("last_error", fastmon.instances().get(0).lastError());
        return out;
    }

    private static SubscriberChange change(ObjectNode body) {
        Double fraction = null;
        if (body.has("fraction") && !body.get("fraction").isNull()) {
            if (!body.get("fraction").isNumber()) {
                throw new FieldException("fraction", "must be a number between 0 and 1");
            }
            fraction = body.get("fraction").asDouble();
        }
        Boolean active = null;
        if (body.has("is_active")) {
            if (!body.get("is_active").isBoolean()) {
                throw new FieldException("is_active", "must be true or false");
            }
            active = body.get("is_active").asBoolean();
        }
        return new SubscriberChange(fraction, text(body, "description"), active, text(body, "delivery_type"),
                text(body, "destination"));
    }
}
