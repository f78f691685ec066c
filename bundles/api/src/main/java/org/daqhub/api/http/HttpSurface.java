package org.daqhub.api.http;

/**
 * Names a domain's JAX-RS resource uses to join daqhub's HTTP surface (the whiteboard's default application). A
 * resource selects all three extensions, so the whiteboard serves it only once JSON, the error model and
 * authentication are there (never unauthenticated): {@code @JaxrsExtensionSelect({HttpSurface.JSON,
 * HttpSurface.ERRORS, HttpSurface.AUTH})}.
 */
public final class HttpSurface {
    /** The JSON reader and writer with the body limits. */
    public static final String JSON = "(osgi.jaxrs.name=daqhub.json)";
    /** The mapper of every failure to {@code {"status", "error", "field"}}. */
    public static final String ERRORS = "(osgi.jaxrs.name=daqhub.errors)";
    /** Authentication against the Karaf realm or an API token, and the route's role ({@link Roles}). */
    public static final String AUTH = "(osgi.jaxrs.name=daqhub.auth)";

    /**
     * The request attribute the platform's servlet filter sets to the authenticated caller's name: a plain servlet
     * (outside JAX-RS) refuses a request without it, so it is never served unauthenticated, not even while the
     * filter is not registered.
     */
    public static final String CALLER_ATTRIBUTE = "org.daqhub.http.caller";

    private HttpSurface() {
    }
}
