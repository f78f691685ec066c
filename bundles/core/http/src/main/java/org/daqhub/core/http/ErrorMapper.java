package org.daqhub.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.daqhub.api.http.ApiException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of every route as {@code {"status", "error", "field"}}: an {@link ApiException} with its own status,
 * JAX-RS' own refusals (no such route 404, method 405, media type 415) with theirs, anything else the server's: logged
 * at ERROR under a short id, answered 500 (503 while the database is out of reach) with that id only. The database's
 * text stays in the log: it tells a client nothing it can mend and shows it the schema.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(ErrorMapper.NAME)
public class ErrorMapper implements ExceptionMapper<Throwable> {
    public static final String NAME = "daqhub.errors";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ApiException a) {
            return answer(a.status(), a.getMessage(), a.field());
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int status = w.getResponse().getStatus();
            return answer(status, refusal(status), null);
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        boolean unavailable = databaseUnavailable(e);
        LOG.error("{} failed, error id {}: {}", route(), id, e.toString(), e);
        return answer(unavailable ? 503 : 500, (unavailable ? "database unavailable" : "internal error")
                + ", see the log for id " + id, null);
    }

    private String refusal(int status) {
        return switch (status) {
            case 404 -> "no such route: " + route();
            case 405 -> "method not allowed: " + route();
            case 406 -> "cannot answer in the accepted media type: " + route() + " answers application/json";
            case 415 -> "unsupported media type: " + route() + " takes application/json";
            default -> Response.Status.fromStatusCode(status) == null ? "refused"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private String route() {
        try {
            return request.getMethod() + " /" + uri.getPath();
        } catch (RuntimeException outsideRequest) { // tests call the mapper directly
            return "request";
        }
    }

    /** The error body; {@code field} is left out when null. */
    public static Response answer(int status, String error, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /**
     * Whether {@code e} comes from a database out of reach (SQLSTATE class 08 connection, 53 resources, 57P
     * shutting down): worth a retry, so 503; any other database error is a 500.
     */
    static boolean databaseUnavailable(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: a cause chain may loop
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }
}
