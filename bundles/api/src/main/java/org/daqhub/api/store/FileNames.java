package org.daqhub.api.store;

import java.time.LocalDate;

/**
 * File naming shared by the file stores (ENRGDAQ's rules): {@code {topic}} in the pattern becomes the
 * frame's topic, {@code add_date} prefixes {@code YYYY-MM-DD_}, a {@code tag} goes in as {@code _tag}
 * before the extension, and a compression suffix comes last.
 */
public final class FileNames {
    private FileNames() {
    }

    /**
     * @param pattern file name pattern, e.g. {@code {topic}.csv}
     * @param topic   the frame's topic
     * @param date    the date prefix, or null for none
     * @param tag     tag, or null/empty for none
     * @param suffix  appended last (e.g. {@code .gz}), or ""
     */
    public static String name(String pattern, String topic, LocalDate date, String tag, String suffix) {
        String base = pattern.replace("{topic}", topic);
        if (tag != null && !tag.isEmpty()) {
            base = insertBeforeExtension(base, "_" + tag);
        }
        if (date != null) {
            base = date + "_" + base;
        }
        return base + suffix;
    }

    /** {@code a.bin} + {@code -1} gives {@code a-1.bin}; a name without extension gets it appended. */
    public static String insertBeforeExtension(String name, String insert) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + insert + name.substring(dot) : name + insert;
    }
}
