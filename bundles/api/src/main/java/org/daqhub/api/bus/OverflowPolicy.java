package org.daqhub.api.bus;

import java.util.Locale;

/** What a full subscriber queue does with the next frame. */
public enum OverflowPolicy {
    /** Lossless: the publisher waits until there is room. */
    BLOCK,
    /** The oldest queued frame is dropped and counted; for live views and monitoring. */
    DROP_OLDEST;

    /** Parses {@code block}, {@code drop_oldest} (also {@code drop-oldest}), case-insensitively. */
    public static OverflowPolicy parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (v) {
            case "block": return BLOCK;
            case "drop_oldest": return DROP_OLDEST;
            default: throw new IllegalArgumentException("is not one of block, drop_oldest");
        }
    }
}
