package org.daqhub.store.csv;

import java.time.LocalDate;

/** ENRGDAQ's file naming: {@code YYYY-MM-DD_} prefix, {@code _tag} before the extension, compression suffix last. */
final class CsvFileNames {
    private CsvFileNames() {
    }

    static String name(String pattern, String topic, LocalDate date, String tag, boolean gzip) {
        String base = pattern.replace("{topic}", topic);
        if (tag != null && !tag.isEmpty()) {
            int dot = base.lastIndexOf('.');
            base = dot > 0 ? base.substring(0, dot) + "_" + tag + base.substring(dot) : base + "_" + tag;
        }
        if (date != null) {
            base = date + "_" + base;
        }
        return gzip ? base + ".gz" : base;
    }
}
