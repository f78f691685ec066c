package org.daqhub.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.daqhub.api.http.ApiException;
import org.daqhub.api.http.HttpSurface;
import org.daqhub.api.http.QueryParams;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The monitoring sidecar's HTTP API, answering in the seed's shapes: POST /v1/ingest/events and
 * /v1/ingest/events:batch (and the seed README's /v1/event, /v1/events/batch) → 200 {@code {"ok": true, ...}};
 * GET /v1/healthz (/v1/health), /v1/integrations, /v1/jobs and /v1/subjobs ({@code {"items", "count", ...}}),
 * /v1/jobs/{id} with its subjobs and events.
 */
@Component(service = IngestResource.class)
@JaxrsResource
@JaxrsName("events.ingest")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {
    private final JobEvents events;

    @Activate
    public IngestResource(@Reference JobEvents events) {
        this.events = events;
    }

    /** The seed's answer; daqhub adds how many were new and how many repeated an idempotency key. */
    public record Ingested(boolean ok, int total, int accepted, int duplicates) {
    }

    @POST
    @Path("ingest/events")
    public Ingested ingest(JsonNode event) {
        return answer(events.ingest(List.of(event), false));
    }

    @POST
    @Path("event")
    public Ingested ingestAlias(JsonNode event) {
        return ingest(event);
    }

    /** A JSON array of events, or {@code {"events": [...]}}; all or nothing (a bad one is a 422 naming it). */
    @POST
    @Path("ingest/events:batch")
    public Ingested ingestBatch(JsonNode body) {
        JsonNode arr = body.isArray() ? body : body.get("events");
        if (arr == null || !arr.isArray()) {
            throw ApiException.invalid("events", "a batch is a JSON array of events or {\"events\": [...]}");
        }
        List<JsonNode> list = new ArrayList<>(arr.size());
        arr.forEach(list::add);
        return answer(events.ingest(list, true));
    }

    @POST
    @Path("events/batch")
    public Ingested ingestBatchAlias(JsonNode body) {
        return ingestBatch(body);
    }

    /**
     * name → {state, exported, failures, spooled, refused, last_error}: "spooled" keeps its name (the seed's
     * spool_count), though what waits is in the platform's outbox now.
     */
    private Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (var s : events.integrations().integrations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", s.state());
            m.put("exported", s.exported());
            m.put("failures", s.failures());
            m.put("spooled", s.pending());
            m.put("refused", s.refused());
            m.put("last_error", s.lastError());
            out.put(s.name(), m);
        }
        return out;
    }

    private static Ingested answer(JobEvents.Result r) {
        return new Ingested(true, r.accepted() + r.duplicates(), r.accepted(), r.duplicates());
    }

    @GET
    @Path("healthz")
    public Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        var states = states();
        boolean degraded = states.values().stream().anyMatch(m -> !"healthy".equals(m.get("state")));
        out.put("status", degraded ? "degraded" : "ok");
        out.put("service", "daqhub");
        out.put("version", FrameworkUtil.getBundle(IngestResource.class) == null ? "test"
                : FrameworkUtil.getBundle(IngestResource.class).getVersion().toString());
        out.put("spool_count", states.values().stream().mapToLong(m -> (Long) m.get("spooled")).sum());
        out.put("integrations", states);
        out.putAll(events.counters());
        return out;
    }

    @GET
    @Path("health")
    public Map<String, Object> healthAlias() {
        return health();
    }

    /** The seed's {@code {total, enabled, integrations, enabled_integrations}}, and each one's state beside. */
    @GET
    @Path("integrations")
    public Map<String, Object> integrations() {
        var states = states();
        List<String> names = new ArrayList<>(states.keySet());
        List<String> enabled = names.stream().filter(n -> !"disabled".equals(states.get(n).get("state"))).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", names.size());
        out.put("enabled", enabled.size());
        out.put("integrations", names);
        out.put("enabled_integrations", enabled);
        out.put("states", states);
        return out;
    }

    @GET
    @Path("jobs")
    public JobViews.Listing<JobViews.JobView> jobs(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("status") String status, @QueryParam("app_name") String appName,
            @QueryParam("limit") String limit) {
        return listing(events::jobs, from, to, status, appName, limit);
    }

    @GET
    @Path("subjobs")
    public JobViews.Listing<JobViews.SubjobView> subjobs(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("status") String status, @QueryParam("app_name") String appName,
            @QueryParam("limit") String limit) {
        return listing(events::subjobs, from, to, status, appName, limit);
    }

    @GET
    @Path("jobs/{job_id}")
    public JobViews.JobDetail job(@PathParam("job_id") String jobId) {
        JobViews.JobDetail job = events.job(jobId);
        if (job == null) {
            throw new BadEventException(404, "job_id", "no job '" + jobId + "'");
        }
        return job;
    }

    /** JobEvents#jobs or #subjobs. */
    private interface Query<T> {
        List<T> select(java.time.Instant from, java.time.Instant to, List<String> statuses, String appName, int limit);
    }

    /** The seed's envelope around one query, its parameters read as on every route. */
    private static <T> JobViews.Listing<T> listing(Query<T> query, String from, String to, String status,
            String appName, String limit) {
        long t0 = System.nanoTime();
        List<T> items = query.select(QueryParams.optionalTime("from", from), QueryParams.optionalTime("to", to),
                statuses(status), appName, QueryParams.limit(limit, 1000));
        return new JobViews.Listing<>(items, items.size(), seconds(t0));
    }

    private static List<String> statuses(String status) {
        List<String> statuses = status == null || status.isBlank() ? List.of()
                : Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String s : statuses) {
            if (!JobEvent.STATUSES.contains(s)) {
                throw ApiException.invalid("status", "unknown status '" + s + "' (" + JobEvent.STATUSES + ")");
            }
        }
        return statuses;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e5) / 1e4;
    }
}
