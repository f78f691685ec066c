package org.daqhub.core.http;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;

import javax.annotation.Priority;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.daqhub.api.http.Roles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Every route authenticates ({@link Credentials}: the Karaf realm or an API token) and needs a role: viewer for
 * GET and HEAD, operator otherwise, or what its resource method's {@code @RolesAllowed} says. No or bad
 * credentials: 401 with a challenge; a role too small: 403 naming the role needed.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(RealmAuthFilter.NAME)
@Priority(Priorities.AUTHENTICATION)
public class RealmAuthFilter implements ContainerRequestFilter {
    public static final String NAME = "daqhub.auth";
    static final String CHALLENGE = "Basic realm=\"daqhub\", Bearer realm=\"daqhub\"";
    private final Credentials credentials;

    @Context
    private ResourceInfo resource;

    @Activate
    public RealmAuthFilter(@Reference Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Credentials.Caller caller = credentials.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (caller == null) {
            request.abortWith(Response.fromResponse(ErrorMapper.answer(401, request.getHeaderString(
                    HttpHeaders.AUTHORIZATION) == null ? "credentials required: Basic (a user of the Karaf realm) or "
                            + "Bearer (an API token, daqhub:token-create)" : "bad credentials", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        String needed = needed(request.getMethod(), resource == null ? null : resource.getResourceMethod());
        if (!Roles.grants(caller.roles(), needed)) {
            request.abortWith(ErrorMapper.answer(403, request.getMethod() + " here needs the role " + needed + "; "
                    + caller.name() + " has " + caller.roles().stream().filter(Roles.ALL::contains).sorted().toList(),
                    null));
            return;
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller::name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return Roles.grants(caller.roles(), role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return caller.scheme().equals("Basic") ? SecurityContext.BASIC_AUTH : "Bearer";
            }
        });
    }

    /** The role a method needs: its (or its class') {@code @RolesAllowed}, else by the HTTP method. */
    static String needed(String httpMethod, Method m) {
        RolesAllowed r = m == null ? null : m.getAnnotation(RolesAllowed.class);
        if (r == null && m != null) {
            r = m.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (r != null && r.value().length > 0) {
            return r.value()[0];
        }
        return Set.of("GET", "HEAD", "OPTIONS").contains(httpMethod) ? Roles.VIEWER : Roles.OPERATOR;
    }
}
