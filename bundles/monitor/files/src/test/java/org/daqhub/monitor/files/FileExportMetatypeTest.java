package org.daqhub.monitor.files;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link FileExportConfig} (the form of both the JSON-lines and the CSV export)
 * declares exactly the keys each export reads, and a form saved with its defaults gives the directory and prefix an
 * empty cfg gives. The platform's delivery (MonitoringExportOutbox) reads none of them (only integration.name and
 * service.factoryPid, service properties naming the integration; its spool and batches are fixed).
 */
class FileExportMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysBothExportsReadWithTheirDefaults() throws Exception {
        Map<String, String> ocd = metatype(FileExportConfig.class);
        Set<String> jsonl = new TreeSet<>();
        new JsonlExport().activate(recording(jsonl, Map.of("service.pid", "org.daqhub.monitor.jsonl")));
        assertEquals(ocd.keySet(), jsonl);
        Set<String> csv = new TreeSet<>();
        new CsvExport().activate(recording(csv, Map.of("service.pid", "org.daqhub.monitor.csv")));
        assertEquals(ocd.keySet(), csv);
        Map<String, Object> form = defaults(ocd);
        assertEquals(List.of(JsonlExport.dir(Map.of()), JsonlExport.prefix(Map.of())),
                List.of(JsonlExport.dir(form), JsonlExport.prefix(form)));
    }
}
