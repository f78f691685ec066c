package org.daqhub.api.http;

/**
 * Names a domain's JAX-RS resource uses to join daqhub's HTTP surface (the whiteboard's default application). A
 * resource selects both extensions, so the whiteboard serves it only once JSON and the error model are there:
 * {@code @JaxrsExtensionSelect({HttpSurface.JSON, HttpSurface.ERRORS})}.
 */
public final class HttpSurface {
    /** The JSON reader and writer with the body limits. */
    public static final String JSON = "(osgi.jaxrs.name=daqhub.json)";
    /** The mapper of every failure to {@code {"status", "error", "field"}}. */
    public static final String ERRORS = "(osgi.jaxrs.name=daqhub.errors)";

    private HttpSurface() {
    }
}
