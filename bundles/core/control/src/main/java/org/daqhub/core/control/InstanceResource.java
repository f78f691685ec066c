package org.daqhub.core.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.daqhub.api.http.ApiException;
import org.daqhub.api.http.HttpSurface;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote control of the running instances (ENRGDAQ's CNC on daqhub's terms): list them, one with its configuration
 * (secrets masked), and stop, start or restart one. Reading needs a viewer, acting an operator; an action's body is
 * JSON (even {@code {}}), so a cross-site form cannot trigger one with a browser's stored credentials.
 */
@Component(service = InstanceResource.class)
@JaxrsResource
@JaxrsName("instances")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceResource.class);
    private final List<RuntimeStatus> parts = new CopyOnWriteArrayList<>();
    private final InstanceConfigurations configurations;

    @Activate
    public InstanceResource(@Reference ConfigurationAdmin admin, @Reference MetaTypeService metatypes, BundleContext context) {
        this.configurations = new InstanceConfigurations(admin, metatypes, context);
    }

    /** For tests: no configurations. */
    InstanceResource(InstanceConfigurations configurations) {
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPart(RuntimeStatus part) {
        parts.add(part);
    }

    void removePart(RuntimeStatus part) {
        parts.remove(part);
    }

    /** The list, as the seed's list routes answer: items and count. */
    public record InstanceList(List<InstanceStatus> items, int count) {
    }

    /** One instance: its status and, for a configured one, its configuration with secrets masked. */
    public record InstanceDetails(InstanceStatus status, String state, String pid, String factoryPid,
            Map<String, Object> configuration) {
    }

    /** A new instance: the same as a file etc/{factory_pid}-{name}.cfg with these properties. */
    public record NewInstance(String factoryPid, String name, Map<String, Object> properties) {
    }

    /** Where a new or removed instance's configuration is. */
    public record Created(String pid, String factoryPid, String name, String file) {
    }

    /** What an action did: how many parts took it, and the state after it. */
    public record ActionAnswer(String instance, String action, int delivered, String state) {
    }

    private List<InstanceStatus> all() {
        List<InstanceStatus> out = new ArrayList<>();
        for (RuntimeStatus p : parts) {
            out.addAll(p.instances());
        }
        out.sort(Comparator.comparing(InstanceStatus::kind).thenComparing(InstanceStatus::instance));
        return out;
    }

    /**
     * The one instance of that name (and kind, when given: a driver and a store may share a name, as the demo's
     * do); 404 for none, 409 when the name alone is ambiguous.
     */
    private InstanceStatus status(String name, String kind) {
        List<InstanceStatus> found = all().stream().filter(i -> i.instance().equals(name)
                && (kind == null || kind.equals(i.kind()))).toList();
        if (found.isEmpty()) {
            throw ApiException.notFound((kind == null ? "instance '" : kind + " '") + name + "'");
        }
        if (found.size() > 1) {
            throw ApiException.conflict("kind", "instance '" + name + "' is a " + String.join(" and a ", found.stream()
                    .map(InstanceStatus::kind).toList()) + "; say which with ?kind=");
        }
        return found.get(0);
    }

    @GET
    public InstanceList list() {
        List<InstanceStatus> all = all();
        return new InstanceList(all, all.size());
    }

    /**
     * Creates an instance from a configuration body, as dropping a file into etc/ does, and persisted as one (Karaf's
     * file installer writes it): 201; an unknown factory → 422 naming the known ones, a name in use → 409.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @javax.annotation.security.RolesAllowed(org.daqhub.api.http.Roles.ADMIN) // configuration: a store's out.dir, a webhook's URL
    public javax.ws.rs.core.Response create(NewInstance body, @Context SecurityContext who, @Context HttpHeaders headers) {
        requireJson(headers);
        if (body == null) {
            throw ApiException.malformed("body", "a JSON object {\"factory_pid\", \"name\", \"properties\"} is needed");
        }
        Created c = configurations().create(body.factoryPid(), body.name(), body.properties() == null ? Map.of()
                : body.properties());
        LOG.info("daqhub control: instance {} ({}) created by {}: {}", c.name(), c.factoryPid(), actor(who), c.file());
        return javax.ws.rs.core.Response.status(201).entity(c).build();
    }

    /** Removes an instance and its configuration (its etc/ file goes too), as deleting the file does. */
    @javax.ws.rs.DELETE
    @Path("{name}")
    @javax.annotation.security.RolesAllowed(org.daqhub.api.http.Roles.ADMIN)
    public Created remove(@PathParam("name") String name, @QueryParam("kind") String kind, @Context SecurityContext who) {
        Created c = configurations().remove(name, kind);
        LOG.info("daqhub control: instance {} ({}) removed by {}", name, c.factoryPid(), actor(who));
        return c;
    }

    /**
     * A body without a Content-Type is taken as anything by JAX-RS; a browser sends one so from another site without
     * asking (a fetch of a Blob), with the stored login: refused, so only a deliberate JSON request acts.
     */
    private static void requireJson(HttpHeaders headers) {
        MediaType t = headers == null ? null : headers.getMediaType();
        if (t == null || !t.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new ApiException(415, "Content-Type", "an action's body is JSON (Content-Type: application/json), got "
                    + (t == null ? "none" : t.toString()));
        }
    }

    private InstanceConfigurations configurations() {
        if (configurations == null) {
            throw new ApiException(503, null, "no configuration admin here");
        }
        return configurations;
    }

    private static String actor(SecurityContext who) {
        return who == null || who.getUserPrincipal() == null ? "?" : who.getUserPrincipal().getName();
    }

    @GET
    @Path("{name}")
    public InstanceDetails get(@PathParam("name") String name, @QueryParam("kind") String kind) {
        InstanceStatus s = status(name, kind);
        InstanceConfigurations.Found c = configurations == null ? null : configurations.find(name, s.kind());
        return new InstanceDetails(s, s.state(), c == null ? null : c.pid(), c == null ? null : c.factoryPid(),
                c == null ? Map.of() : c.properties());
    }

    @POST
    @Path("{name}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionAnswer stop(@PathParam("name") String name, @QueryParam("kind") String kind, Map<String, Object> body,
            @Context SecurityContext who, @Context HttpHeaders headers) {
        requireJson(headers);
        return act(name, kind, "stop", body, who);
    }

    @POST
    @Path("{name}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionAnswer start(@PathParam("name") String name, @QueryParam("kind") String kind, Map<String, Object> body,
            @Context SecurityContext who, @Context HttpHeaders headers) {
        requireJson(headers);
        return act(name, kind, "start", body, who);
    }

    @POST
    @Path("{name}/restart")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionAnswer restart(@PathParam("name") String name, @QueryParam("kind") String kind, Map<String, Object> body,
            @Context SecurityContext who, @Context HttpHeaders headers) {
        requireJson(headers);
        return act(name, kind, "restart", body, who);
    }

    /** What a command got: how many instances took it, and each one's answer. */
    public record CommandAnswer(String instance, int delivered, List<String> answers) {
    }

    /**
     * A command to a driver that takes commands (ENRGDAQ's CNC message), e.g. {@code {"rate": 20}} to the simulator:
     * "delivered to N instances" with their answers; 409 when the instance takes no commands, 422 when it refuses one.
     */
    @POST
    @Path("{name}/message")
    @Consumes(MediaType.APPLICATION_JSON)
    public CommandAnswer message(@PathParam("name") String name, @QueryParam("kind") String kind, Map<String, Object> body,
            @Context SecurityContext who, @Context HttpHeaders headers) {
        requireJson(headers);
        if (body == null || body.isEmpty()) {
            throw ApiException.invalid("body", "a command is a JSON object of keys and values, e.g. {\"rate\": 20}");
        }
        Map<String, String> command = new java.util.LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof java.util.Collection) {
                throw ApiException.invalid(k, "a command's value is a string, number or boolean");
            }
            command.put(k, v.toString());
        });
        InstanceStatus target = status(name, kind);
        List<String> answers = new ArrayList<>();
        for (RuntimeStatus p : parts) {
            if (p.instances().stream().anyMatch(i -> i.instance().equals(name) && i.kind().equals(target.kind()))) {
                try {
                    answers.addAll(p.send(name, command));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid(command.keySet().iterator().next(), e.getMessage());
                }
            }
        }
        if (answers.isEmpty()) {
            throw ApiException.conflict("instance", target.kind() + " '" + name + "' (" + target.type() + ") takes no commands");
        }
        LOG.info("daqhub control: command {} to {} by {}: {}", command, name, actor(who), answers);
        return new CommandAnswer(name, answers.size(), answers);
    }

    private ActionAnswer act(String name, String kind, String action, Map<String, Object> body, SecurityContext who) {
        if (body != null && !body.isEmpty()) {
            String field = body.keySet().iterator().next();
            throw ApiException.invalid(field, "an action takes no fields; got " + body.keySet());
        }
        InstanceStatus before = status(name, kind); // 404 for an instance nobody runs, 409 for an ambiguous name
        int delivered = 0;
        for (RuntimeStatus p : parts) {
            if (p.instances().stream().noneMatch(i -> i.instance().equals(name) && i.kind().equals(before.kind()))) {
                continue; // the part running the other instance of that name
            }
            boolean took = switch (action) {
                case "stop" -> p.stop(name);
                case "start" -> p.start(name);
                default -> p.restart(name);
            };
            delivered += took ? 1 : 0;
        }
        if (delivered == 0) {
            throw ApiException.conflict("state", action.equals("start")
                    ? "instance '" + name + "' is " + before.state() + ", not stopped: nothing to start"
                    : action.equals("stop") ? "instance '" + name + "' is " + before.state() + " and cannot be stopped here"
                    : "instance '" + name + "' cannot be restarted");
        }
        LOG.info("daqhub control: {} {} by {} (delivered to {} part(s))", action, name, actor(who), delivered);
        return new ActionAnswer(name, action, delivered, status(name, before.kind()).state());
    }
}
