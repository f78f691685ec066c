package org.daqhub.importer.enrgdaq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an import writes: cfg files for etc/, bus settings, and everything that has no equivalent, with the reason. */
final class ImportPlan {
    /** One cfg file for etc/, e.g. org.daqhub.store.csv-test_csv.cfg, and the ENRGDAQ file it comes from. */
    record CfgFile(String name, String source, Map<String, String> properties) {
        /** The file's text; with {@code masked}, passwords as ******** (what the report prints). */
        String text(boolean masked) {
            StringBuilder sb = new StringBuilder("# imported from ENRGDAQ's " + source + " by daqhub:import-enrgdaq\n");
            properties.forEach((k, v) -> sb.append(k).append(" = ")
                    .append(masked && k.toLowerCase(java.util.Locale.ROOT).contains("password") && !v.isEmpty() ? "********" : escape(v))
                    .append('\n'));
            return sb.toString();
        }

        /** A value as Karaf's cfg reader reads it back: backslashes and line breaks escaped. */
        static String escape(String v) {
            return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        }
    }

    final List<CfgFile> files = new ArrayList<>();
    /** Keys for etc/org.daqhub.bus.cfg (the remote link). */
    final Map<String, String> bus = new LinkedHashMap<>();
    /** "file: what — why", one per ENRGDAQ setting left out. */
    final List<String> skipped = new ArrayList<>();

    void skip(String source, String what, String why) {
        skipped.add(source + ": " + what + " — " + why);
    }
}
