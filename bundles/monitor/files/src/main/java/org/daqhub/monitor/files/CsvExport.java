package org.daqhub.monitor.files;

import java.util.List;
import java.util.Map;

import org.daqhub.api.monitor.MonitoringEvent;
import org.daqhub.api.monitor.MonitoringIntegration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Monitoring events as CSV (RFC 4180 quoting), one file per day with a header line. */
@Component(name = "org.daqhub.monitor.csv", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "integration.name=csv")
@Designate(ocd = FileExportConfig.class)
public class CsvExport implements MonitoringIntegration {
    static final String[] ATTRIBUTES = { "site_id", "app", "business_key", "sub_key", "parent_id", "duration_s",
        "cpu_user_s", "cpu_system_s", "mem_max_mb", "progress", "metadata" };
    static final String HEADER = "time,kind,entity,key,status," + String.join(",", ATTRIBUTES);
    private DailyFiles files;

    @Activate
    public void activate(Map<String, Object> props) {
        files = new DailyFiles(JsonlExport.dir(props), JsonlExport.prefix(props), "csv", HEADER, CsvExport::line);
    }

    static String line(MonitoringEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(e.time()).append(',').append(quote(e.kind())).append(',').append(quote(e.entity())).append(',')
                .append(quote(e.key())).append(',').append(quote(e.status()));
        for (String a : ATTRIBUTES) {
            Object v = e.attributes().get(a);
            b.append(',').append(v == null ? "" : quote(v.toString()));
        }
        return b.toString();
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public void export(List<MonitoringEvent> events) throws Exception {
        files.write(events);
    }
}
