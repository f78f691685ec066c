package org.daqhub.dashboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.daqhub.api.runtime.InstanceStatus;
import org.daqhub.api.runtime.RuntimeStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The "daqhub" tab of the Felix web console (/system/console/daqhub, the console's own login): the status table of
 * {@code daqhub:status} and links to the dashboard and the component configurations. The console wraps what this
 * servlet writes in its page.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=daqhub", "felix.webconsole.title=daqhub",
    "felix.webconsole.category=daqhub" })
public class WebConsoleTab extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient List<RuntimeStatus> parts = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPart(RuntimeStatus part) {
        parts.add(part);
    }

    void removePart(RuntimeStatus part) {
        parts.remove(part);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<InstanceStatus> all = new ArrayList<>();
        for (RuntimeStatus p : parts) {
            try {
                all.addAll(p.instances());
            } catch (RuntimeException e) {
                // one part failing does not blank the tab
            }
        }
        all.sort(Comparator.comparing(InstanceStatus::kind).thenComparing(InstanceStatus::instance));
        resp.setContentType("text/html; charset=utf-8");
        PrintWriter w = resp.getWriter();
        w.println("<p class='statline'>" + all.size() + " daqhub instance(s). Live view: <a href='/daqhub/'>the dashboard</a>; "
                + "each component's settings: <a href='configMgr'>Configuration</a> (the forms come from daqhub's metatypes).</p>");
        w.println("<table id='daqhub-status' class='tablesorter nicetable'><thead><tr><th>Kind</th><th>Instance</th>"
                + "<th>State</th><th>Frames/s</th><th>MB/s</th><th>Frames</th><th>Restarts</th><th>Drops</th><th>Queue</th>"
                + "<th>Spool</th><th>Last error</th></tr></thead><tbody>");
        for (InstanceStatus s : all) {
            w.println("<tr><td>" + esc(s.kind()) + "</td><td>" + esc(s.instance()) + "</td><td>" + esc(s.state()) + "</td><td>"
                    + String.format(Locale.ROOT, "%.1f", s.framesPerSecond()) + "</td><td>"
                    + String.format(Locale.ROOT, "%.3f", s.bytesPerSecond() / 1e6) + "</td><td>" + s.frames() + "</td><td>"
                    + s.restarts() + "</td><td>" + s.dropped() + "</td><td>" + s.queueDepth() + "</td><td>" + s.spooled()
                    + "</td><td>" + esc(s.lastError()) + "</td></tr>");
        }
        w.println("</tbody></table>");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
