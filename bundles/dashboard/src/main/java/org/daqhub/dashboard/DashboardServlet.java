package org.daqhub.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard at /daqhub/: the page and its scripts from this bundle, uPlot from its webjar bundle, and the
 * live stream at /daqhub/stream. Authentication (a viewer of the Karaf realm) is the platform's servlet filter;
 * control goes through the REST API (/api/v1/instances, operator).
 */
@Component(service = Servlet.class, name = "org.daqhub.dashboard", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.servlet.pattern=/daqhub/*", "osgi.http.whiteboard.servlet.pattern=/daqhub",
            "osgi.http.whiteboard.servlet.name=daqhub-dashboard", "osgi.http.whiteboard.servlet.asyncSupported=true" })
@Designate(ocd = DashboardConfig.class)
public class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    static final String UPLOT = "org.webjars.npm.uplot";
    /** The page's own files: path under /daqhub → content type. */
    private static final Map<String, String> FILES = Map.of("/index.html", "text/html; charset=utf-8", "/app.js",
            "text/javascript; charset=utf-8", "/style.css", "text/css; charset=utf-8");
    private final transient List<RuntimeStatus> parts = new CopyOnWriteArrayList<>();
    private final transient StatusStream stream;
    private final transient LogTail log = new LogTail();
    private final transient Bundle uplot;

    @Activate
    public DashboardServlet(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(DashboardConfig.class))) {
            LOG.warn("etc/org.daqhub.dashboard.cfg: {}", problem);
        }
        Settings s = Settings.of(props);
        stream = new StatusStream(this::snapshot, log, s.integer("stream.interval.ms", 500, 50), s.intValue("max.streams", 50, 1));
        uplot = webjar();
    }

    private static Bundle webjar() {
        Bundle self = FrameworkUtil.getBundle(DashboardServlet.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        if (ctx != null) {
            for (Bundle b : ctx.getBundles()) {
                if (UPLOT.equals(b.getSymbolicName())) {
                    return b;
                }
            }
            LOG.error("daqhub dashboard: bundle {} (uPlot) is not installed; the page cannot plot", UPLOT);
        }
        return null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPart(RuntimeStatus part) {
        parts.add(part);
    }

    void removePart(RuntimeStatus part) {
        parts.remove(part);
    }

    /** Karaf's log service (feature log, booted): the log tail's lines come from an appender on it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLogService(org.apache.karaf.log.core.LogService logs) {
        log.seed(logs.getEvents(LogTail.KEPT));
        logs.addAppender(log);
    }

    void unsetLogService(org.apache.karaf.log.core.LogService logs) {
        logs.removeAppender(log);
    }

    @Deactivate
    void deactivate() {
        stream.close();
    }

    /** What one tick of the stream carries: the time and every instance, sorted by kind and name. */
    Map<String, Object> snapshot() {
        List<InstanceStatus> all = new ArrayList<>();
        for (RuntimeStatus p : parts) {
            try {
                all.addAll(p.instances());
            } catch (RuntimeException e) {
                LOG.debug("daqhub dashboard: a part's status failed: {}", e.toString());
            }
        }
        all.sort(Comparator.comparing(InstanceStatus::kind).thenComparing(InstanceStatus::instance));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", System.currentTimeMillis());
        out.put("instances", all);
        // what the page may ask for beside the stream: only routes that exist here
        out.put("alerts", installed("org.daqhub.api.notify.Notifier"));
        out.put("worksets", installed("org.daqhub.worksets.Worksets"));
        out.put("runs", installed("org.daqhub.fastmon.FastMonitor"));
        return out;
    }

    private static boolean installed(String serviceClass) {
        Bundle self = FrameworkUtil.getBundle(DashboardServlet.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        return ctx != null && ctx.getServiceReference(serviceClass) != null;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getAttribute(org.daqhub.api.http.HttpSurface.CALLER_ATTRIBUTE) == null) {
            // the platform's authentication filter did not see this request (not registered yet): never serve it open
            resp.sendError(503, "authentication is not running yet; try again in a moment");
            return;
        }
        resp.setHeader("X-Frame-Options", "DENY"); // no clickjacking of the Stop/Start buttons
        resp.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.isEmpty()) {
            resp.sendRedirect(req.getRequestURI() + "/"); // relative links resolve under /daqhub/
            return;
        }
        if (path.equals("/")) {
            path = "/index.html";
        }
        if (path.equals("/stream")) {
            stream(req, resp);
            return;
        }
        URL file;
        String type;
        if (path.startsWith("/uplot/")) {
            String name = path.substring("/uplot/".length());
            type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            file = uplot == null || !name.matches("uPlot\\.(esm\\.js|min\\.css)") ? null
                    : uplot.getEntry("META-INF/resources/webjars/uplot/" + uplot.getVersion().getMajor() + "."
                            + uplot.getVersion().getMinor() + "." + uplot.getVersion().getMicro() + "/dist/" + name);
        } else {
            type = FILES.get(path);
            file = type == null ? null : DashboardServlet.class.getResource("/dashboard" + path);
        }
        if (file == null) {
            resp.sendError(404, "no " + path + " in the dashboard");
            return;
        }
        resp.setContentType(type);
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }

    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold the events back
        if (stream.full()) {
            resp.sendError(503, "too many live streams open (max.streams in etc/org.daqhub.dashboard.cfg)");
            LOG.warn("daqhub dashboard: a live stream refused: {} are open (max.streams in etc/org.daqhub.dashboard.cfg)",
                    stream.clients());
            return;
        }
        AsyncContext async = req.startAsync();
        resp.flushBuffer(); // the headers go now, on this thread; from here on only the stream's thread writes
        if (!stream.add(async)) {
            async.complete();
        }
    }
}
