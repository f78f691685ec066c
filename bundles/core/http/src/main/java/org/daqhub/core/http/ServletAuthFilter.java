package org.daqhub.core.http;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.daqhub.api.http.Roles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The plain servlets outside JAX-RS, /metrics (Prometheus text) and the dashboard under /daqhub/ (its page, scripts
 * and live stream): this HTTP whiteboard filter gives them the same authentication as the REST routes, and they
 * need a viewer. /metrics alone may be opened with {@code metrics.open = true} in etc/org.daqhub.http.cfg.
 */
@Component(service = Filter.class, configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.filter.pattern=/metrics", "osgi.http.whiteboard.filter.pattern=/daqhub/*",
            "osgi.http.whiteboard.filter.pattern=/daqhub", "osgi.http.whiteboard.filter.name=daqhub-servlet-auth",
            "osgi.http.whiteboard.filter.asyncSupported=true" })
public class ServletAuthFilter implements Filter {
    private final Credentials credentials;
    private volatile boolean open;

    @Activate
    public ServletAuthFilter(@Reference Credentials credentials, HttpConfig config) {
        this.credentials = credentials;
        configure(config);
    }

    @Modified
    void configure(HttpConfig config) {
        open = config.metrics_open();
    }

    @Override
    public void init(javax.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        String path = ((HttpServletRequest) req).getRequestURI();
        boolean metrics = path.equals("/metrics") || path.startsWith("/metrics?");
        if (open && metrics) {
            req.setAttribute(org.daqhub.api.http.HttpSurface.CALLER_ATTRIBUTE, "anonymous (metrics.open)");
            chain.doFilter(req, resp);
            return;
        }
        HttpServletResponse r = (HttpServletResponse) resp;
        Credentials.Caller caller = credentials.authenticate(((HttpServletRequest) req).getHeader("Authorization"));
        if (caller == null) {
            r.setHeader("WWW-Authenticate", RealmAuthFilter.CHALLENGE);
            r.sendError(401, metrics ? "credentials required (or metrics.open = true in etc/org.daqhub.http.cfg)"
                    : "credentials required: a user of the Karaf realm with the role viewer");
            return;
        }
        if (!Roles.grants(caller.roles(), Roles.VIEWER)) {
            r.sendError(403, (metrics ? "/metrics" : "the dashboard") + " needs the role viewer; " + caller.name() + " has "
                    + caller.roles().stream().filter(Roles.ALL::contains).sorted().toList());
            return;
        }
        req.setAttribute(org.daqhub.api.http.HttpSurface.CALLER_ATTRIBUTE, caller.name());
        chain.doFilter(req, resp);
    }
}
