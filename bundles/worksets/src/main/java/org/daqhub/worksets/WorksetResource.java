package org.daqhub.worksets;

import java.util.List;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.daqhub.api.http.ApiException;
import org.daqhub.api.http.HttpSurface;
import org.daqhub.api.http.QueryParams;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The workset monitor's API with the seed's routes and names: POST/GET /worksets, GET /worksets/{id}, PUT
 * /worksets/{id}/state, POST|DELETE /worksets/{id}/lock?owner_id=, GET /worksets/next (a literal path, so not
 * taken for an id), GET /queue/stats, GET /scheduler/stats; and daqhub's lease calls: the heartbeat, a failure
 * with its category, and POST /queue/claim, which locks the queue's next workset in one step.
 */
@Component(service = WorksetResource.class)
@JaxrsResource
@JaxrsName("worksets")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class WorksetResource {
    private static final Set<String> REGISTER = Set.of("workset_id", "bucket", "prefix", "priority", "metadata",
            "max_retries", "preferred_cluster");
    private static final Set<String> CHANGE = Set.of("state", "reason", "error_details", "cluster_name", "metrics",
            "owner_id", "fencing_token");
    private static final Set<String> FAILURE = Set.of("error_details", "error_category", "failed_step", "owner_id",
            "fencing_token");
    private final Worksets worksets;

    @Activate
    public WorksetResource(@Reference Worksets worksets) {
        this.worksets = worksets;
    }

    @POST
    @Path("worksets")
    public Response register(JsonNode body, @Context SecurityContext who) {
        Body b = Body.of(body, REGISTER);
        Long retries = b.integer("max_retries");
        if (retries != null && (retries < 0 || retries > 100)) {
            throw ApiException.invalid("max_retries", "must be between 0 and 100");
        }
        WorksetViews.Workset w = worksets.register(b.text("workset_id"), b.text("bucket"), b.text("prefix"),
                Priority.of("priority", b.text("priority"), Priority.NORMAL), b.object("metadata"),
                retries == null ? null : retries.intValue(), b.text("preferred_cluster"), actor(who));
        return Response.status(201).entity(w).build();
    }

    /** The seed's list: an array, in queue order. */
    @GET
    @Path("worksets")
    public List<WorksetViews.Workset> list(@QueryParam("state") String state, @QueryParam("priority") String priority,
            @QueryParam("limit") String limit) {
        return worksets.list(state == null || state.isBlank() ? null : WorksetState.of("state", state),
                Priority.of("priority", priority, null), QueryParams.limit(limit, 1000));
    }

    @GET
    @Path("worksets/next")
    public WorksetViews.Workset next() {
        WorksetViews.Workset w = worksets.peekNext();
        if (w == null) {
            throw new ApiException(404, null, "no workset is ready");
        }
        return w;
    }

    @GET
    @Path("worksets/{workset_id}")
    public WorksetViews.Workset get(@PathParam("workset_id") String id) {
        return worksets.get(id);
    }

    @PUT
    @Path("worksets/{workset_id}/state")
    public WorksetViews.Workset changeState(@PathParam("workset_id") String id, JsonNode body, @Context SecurityContext who) {
        Body b = Body.of(body, CHANGE);
        return worksets.change(id, new Worksets.Change(WorksetState.of("state", b.text("state")), b.text("reason"),
                b.text("error_details"), b.text("cluster_name"), b.object("metrics"), b.text("owner_id"),
                b.integer("fencing_token")), actor(who));
    }

    @POST
    @Path("worksets/{workset_id}/lock")
    public WorksetViews.Lease lock(@PathParam("workset_id") String id, @QueryParam("owner_id") String owner,
            @QueryParam("force") String force, @Context SecurityContext who) {
        return worksets.leases().lock(id, owner, bool("force", force), actor(who));
    }

    @DELETE
    @Path("worksets/{workset_id}/lock")
    public WorksetViews.Workset unlock(@PathParam("workset_id") String id, @QueryParam("owner_id") String owner,
            @QueryParam("fencing_token") String token, @Context SecurityContext who) {
        Long t = QueryParams.optionalLong("fencing_token", token);
        if (t == null) { // an owner_id can outlive its session (a restarted worker on the same host): the token cannot
            throw ApiException.invalid("fencing_token", "is required (the lock's answer has it)");
        }
        return worksets.leases().release(id, owner, t, actor(who));
    }

    @POST
    @Path("worksets/{workset_id}/lock/heartbeat")
    public WorksetViews.Lease heartbeat(@PathParam("workset_id") String id, @QueryParam("owner_id") String owner,
            @QueryParam("fencing_token") String token) {
        Long t = QueryParams.optionalLong("fencing_token", token);
        if (t == null) {
            throw ApiException.invalid("fencing_token", "is required (the lock's answer has it)");
        }
        return worksets.leases().heartbeat(id, owner, t);
    }

    @POST
    @Path("worksets/{workset_id}/failure")
    public WorksetViews.Workset failure(@PathParam("workset_id") String id, JsonNode body, @Context SecurityContext who) {
        Body b = Body.of(body, FAILURE);
        return worksets.recordFailure(id, b.text("error_details"), b.text("error_category"), b.text("failed_step"),
                b.text("owner_id"), b.integer("fencing_token"), actor(who));
    }

    /**
     * Locks the queue's next workset for {@code owner_id}: 200 with the lease, 204 when nothing is ready (after
     * waiting up to {@code wait_s}, at most 30, for one to become ready on any node).
     */
    @POST
    @Path("queue/claim")
    public Response claim(@QueryParam("owner_id") String owner, @QueryParam("wait_s") String waitS,
            @Context SecurityContext who) {
        Long wait = QueryParams.optionalLong("wait_s", waitS);
        if (wait != null && (wait < 0 || wait > 30)) {
            throw ApiException.invalid("wait_s", "must be between 0 and 30");
        }
        try {
            return worksets.leases().claim(owner, actor(who), wait == null ? 0 : wait * 1000).map(l -> Response.ok(l).build())
                    .orElseGet(() -> Response.noContent().build());
        } catch (Leases.NodeOffline e) {
            return Response.status(503).entity(java.util.Map.of("status", 503, "error", e.getMessage())).build();
        }
    }

    @GET
    @Path("queue/stats")
    public WorksetViews.QueueStats queueStats() {
        return worksets.stats();
    }

    /** The seed's scheduling stats (total_clusters, total_vcpu_capacity, ...), each cluster, and the decision counts. */
    @GET
    @Path("scheduler/stats")
    public Scheduler.Stats schedulerStats() {
        return worksets.schedulerStats();
    }

    @GET
    @Path("scheduler/clusters")
    public List<Scheduler.Cluster> clusters() {
        return worksets.scheduler().clusters();
    }

    private static final Set<String> UTILISATION = Set.of("vcpus_used", "memory_gb_used");

    /** The seed's update_cluster_utilization: {@code {"vcpus_used", "memory_gb_used"}}; active worksets are counted. */
    @PUT
    @Path("scheduler/clusters/{cluster_name}/utilization")
    public Scheduler.Cluster utilisation(@PathParam("cluster_name") String name, JsonNode body) {
        Body b = Body.of(body, UTILISATION);
        Long vcpus = b.integer("vcpus_used");
        if (vcpus == null) {
            throw ApiException.invalid("vcpus_used", "is required");
        }
        JsonNode mem = body.get("memory_gb_used");
        if (mem != null && !mem.isNull() && !mem.isNumber()) {
            throw ApiException.invalid("memory_gb_used", "must be a number");
        }
        return worksets.scheduler().reportUtilisation(name, (int) Math.min(Integer.MAX_VALUE, vcpus),
                mem == null || mem.isNull() ? 0 : mem.asDouble());
    }

    /** Decides where the workset should run, assigns the cluster when it has room, and records the scores. */
    @POST
    @Path("worksets/{workset_id}/schedule")
    public Scheduler.Decision schedule(@PathParam("workset_id") String id, @Context SecurityContext who) {
        return worksets.schedule(id, actor(who));
    }

    @GET
    @Path("worksets/{workset_id}/schedule")
    public List<Scheduler.Decision> decisions(@PathParam("workset_id") String id) {
        worksets.get(id); // 404 for an unknown one
        return worksets.scheduler().decisions(id);
    }

    private static boolean bool(String name, String v) {
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.malformed(name, "must be true or false");
        };
    }

    private static String actor(SecurityContext who) {
        return who == null || who.getUserPrincipal() == null ? "anonymous" : who.getUserPrincipal().getName();
    }
}
