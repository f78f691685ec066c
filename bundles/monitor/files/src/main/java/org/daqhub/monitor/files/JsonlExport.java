package org.daqhub.monitor.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Monitoring events as JSON lines, one file per day. */
@Component(name = "org.daqhub.monitor.jsonl", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "integration.name=jsonl")
@Designate(ocd = FileExportConfig.class)
public class JsonlExport implements MonitoringIntegration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private DailyFiles files;

    @Activate
    public void activate(Map<String, Object> props) {
        files = new DailyFiles(dir(props), String.valueOf(props.getOrDefault("prefix", "events")), "jsonl", null,
                JsonlExport::line);
    }

    static Path dir(Map<String, Object> props) {
        Path p = Path.of(String.valueOf(props.getOrDefault("dir", "monitoring")));
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.data", "data")).resolve(p);
    }

    static String line(MonitoringEvent e) {
        return JSON.valueToTree(e.toMap()).toString();
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        files.write(events);
    }
}
