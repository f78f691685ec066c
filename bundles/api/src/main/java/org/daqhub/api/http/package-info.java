/**
 * daqhub API: the HTTP surface's error model and request parameters. No JAX-RS types here: a domain throws
 * {@link org.daqhub.api.http.ApiException}; the core HTTP bundle turns it into {@code {"status", "error", "field"}}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.daqhub.api.http;
