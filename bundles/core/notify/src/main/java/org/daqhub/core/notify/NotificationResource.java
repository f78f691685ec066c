package org.daqhub.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Silences and the notification routes over REST: {@code GET/POST /api/v1/silences}, {@code DELETE
 * /api/v1/silences/{id}} (expires it), {@code GET /api/v1/notifications} (per channel) and {@code .../routes},
 * {@code GET /api/v1/alerts} (the platform alerts firing now).
 */
@Component(service = NotificationResource.class)
@JaxrsResource
@JaxrsName("notifications")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
    private static final Set<String> FIELDS = Set.of("matchers", "starts_at", "ends_at", "duration_s", "comment");
    private final NotificationOutbox outbox;
    private volatile PlatformAlerts alerts;

    /** A firing platform alert as the API shows it. */
    public record AlertView(String alertId, String alert, String kind, String instance, String severity, String subject,
            String since) {
    }

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void setAlerts(PlatformAlerts a) {
        alerts = a;
    }

    void unsetAlerts(PlatformAlerts a) {
        if (alerts == a) {
            alerts = null;
        }
    }

    @GET
    @Path("alerts")
    public List<AlertView> alerts() {
        PlatformAlerts a = alerts;
        return a == null ? List.of() : a.active().stream().map(x -> new AlertView(x.alertId(), x.rule(), x.kind(),
                x.instance(), x.severity(), x.subject(), x.since().toString())).toList();
    }

    /** A silence as the API shows it. */
    public record SilenceView(long silenceId, Map<String, List<String>> matchers, String startsAt, String endsAt,
            String createdBy, String comment, boolean active) {
        static SilenceView of(Silences.Silence s) {
            return new SilenceView(s.id(), s.matchers(), s.startsAt().toString(), s.endsAt().toString(), s.createdBy(),
                    s.comment(), s.activeAt(Instant.now()));
        }
    }

    @Activate
    public NotificationResource(@Reference NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    @GET
    @Path("silences")
    public List<SilenceView> list(@QueryParam("expired") String expired) {
        boolean all = expired != null && switch (expired) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.malformed("expired", "must be true or false");
        };
        return outbox.silences().list(all).stream().map(SilenceView::of).toList();
    }

    @POST
    @Path("silences")
    public Response create(JsonNode body, @Context SecurityContext who) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.invalid(f, "is not a field of a silence (" + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        });
        JsonNode m = body.get("matchers");
        if (m == null || !m.isObject() || m.isEmpty()) {
            throw ApiException.invalid("matchers", "must be an object of attribute: glob (or [globs]), at least one");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        m.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> globs = new java.util.ArrayList<>();
                v.forEach(g -> globs.add(g.asText()));
                pairs.put(e.getKey(), String.join("|", globs));
            } else if (v.isTextual()) {
                pairs.put(e.getKey(), v.asText());
            } else {
                throw ApiException.invalid("matchers." + e.getKey(), "must be a string or an array of strings");
            }
        });
        Matchers matchers;
        try {
            matchers = Matchers.parse(pairs);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("matchers", e.getMessage());
        }
        Instant starts = body.has("starts_at") ? instant(body, "starts_at") : Instant.now();
        Instant ends;
        if (body.has("ends_at") == body.has("duration_s")) {
            throw ApiException.invalid("ends_at", "give either ends_at or duration_s");
        } else if (body.has("ends_at")) {
            ends = instant(body, "ends_at");
        } else {
            JsonNode d = body.get("duration_s");
            if (!d.isNumber() || d.asDouble() <= 0) {
                throw ApiException.invalid("duration_s", "must be a positive number of seconds");
            }
            ends = starts.plus(Duration.ofMillis((long) (d.asDouble() * 1000)));
        }
        if (!ends.isAfter(starts)) {
            throw ApiException.invalid("ends_at", "must be after starts_at");
        }
        JsonNode comment = body.get("comment");
        Silences.Silence s = outbox.silences().add(matchers, starts, ends, actor(who), comment == null ? "" : comment.asText());
        return Response.status(201).entity(SilenceView.of(s)).build();
    }

    @DELETE
    @Path("silences/{id}")
    public Response expire(@PathParam("id") String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.malformed("id", "must be a silence id (a number)");
        }
        if (!outbox.silences().expire(n)) {
            throw ApiException.notFound("silence " + n + " (or it has expired already)");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("notifications")
    public Map<String, Map<String, Long>> perChannel() {
        return outbox.counts();
    }

    @GET
    @Path("notifications/routes")
    public List<String> routes() {
        return outbox.routes().describe();
    }

    private static Instant instant(JsonNode body, String field) {
        try {
            return Instant.parse(body.get(field).asText());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    private static String actor(SecurityContext who) {
        return who == null || who.getUserPrincipal() == null ? "anonymous" : who.getUserPrincipal().getName();
    }
}
