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
 * /metrics is a plain servlet (Prometheus text), outside JAX-RS: this HTTP whiteboard filter gives it the same
 * authentication (a viewer), unless {@code metrics.open = true} in etc/org.daqhub.http.cfg.
 */
@Component(service = Filter.class, configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.filter.pattern=/metrics", "osgi.http.whiteboard.filter.name=daqhub-metrics-auth" })
public class MetricsAuthFilter implements Filter {
    private final Credentials credentials;
    private volatile boolean open;

    @Activate
    public MetricsAuthFilter(@Reference Credentials credentials, HttpConfig config) {
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
        if (open) {
            chain.doFilter(req, resp);
            return;
        }
        HttpServletResponse r = (HttpServletResponse) resp;
        Credentials.Caller caller = credentials.authenticate(((HttpServletRequest) req).getHeader("Authorization"));
        if (caller == null) {
            r.setHeader("WWW-Authenticate", RealmAuthFilter.CHALLENGE);
            r.sendError(401, "credentials required (or metrics.open = true in etc/org.daqhub.http.cfg)");
            return;
        }
        if (!Roles.grants(caller.roles(), Roles.VIEWER)) {
            r.sendError(403, "/metrics needs the role viewer");
            return;
        }
        chain.doFilter(req, resp);
    }
}
