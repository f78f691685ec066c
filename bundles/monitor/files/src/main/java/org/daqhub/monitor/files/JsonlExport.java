package org.daqhub.monitor.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daqhub.api.config.Settings;
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
        files = new DailyFiles(dir(props), prefix(props), "jsonl", null, JsonlExport::line);
    }

    /** {@code dir} ({@link FileExportConfig}, as for CSV); a relative one is under ${karaf.data}. */
    static Path dir(Map<String, Object> props) {
        return Settings.of(props).directory("dir", "monitoring", Path.of(System.getProperty("karaf.data", "data")));
    }

    /** {@code prefix} ({@link FileExportConfig}, as for CSV). */
    static String prefix(Map<String, Object> props) {
        return Settings.of(props).string("prefix", "events");
    }

    static String line(MonitoringEvent e) {
        return JSON.valueToTree(e.toMap()).toString();
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        files.write(events);
    }
}
