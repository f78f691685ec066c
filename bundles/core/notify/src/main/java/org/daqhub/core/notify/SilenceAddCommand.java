package org.daqhub.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** daqhub:silence-add: silence what matches, for a while. */
@Service
@Command(scope = "daqhub", name = "silence-add", description = "Silence what matches, e.g. silence-add -d 2h -c 'maintenance' instance=sim-* severity=warning")
public class SilenceAddCommand implements Action {
    @Reference
    private NotificationOutbox outbox;

    @Option(name = "-d", aliases = "--duration", description = "How long: 90s, 30m, 2h, 1d")
    private String duration = "1h";

    @Option(name = "-c", aliases = "--comment", description = "Why (shown with every notification it silences)")
    private String comment = "";

    @Argument(index = 0, name = "matchers", required = true, multiValued = true,
            description = "attribute=glob[|glob] ... (severity, event_type, instance, kind, state, priority, workset_id, alert, status, ...)")
    private List<String> matchers;

    @Override
    public Object execute() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String m : matchers) {
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + m + "' is not attribute=glob");
            }
            pairs.put(m.substring(0, eq).trim(), m.substring(eq + 1).trim());
        }
        Instant now = Instant.now();
        Silences.Silence s = outbox.silences().add(Matchers.parse(pairs), now, now.plus(duration(duration)),
                System.getProperty("user.name", "shell"), comment);
        System.out.println("silence " + s.id() + " until " + s.endsAt() + ": " + new Matchers(s.matchers()));
        return null;
    }

    /** The Karaf user running the command (the JAAS subject's user principal), for the silence's record. */
    @SuppressWarnings("removal") // Subject.getSubject: how Karaf's shell hands commands its user on Java 17
    static String shellUser() {
        javax.security.auth.Subject s = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
        if (s != null) {
            for (java.security.Principal p : s.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                    return p.getName();
                }
            }
        }
        return "shell";
    }

    static Duration duration(String d) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(d.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("duration '" + d + "' is not like 90s, 30m, 2h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
