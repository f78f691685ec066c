package org.daqhub.driver.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The requests one poll makes: per area, the configured addresses merged into as few reads as the protocol's
 * per-request limit allows. Only adjacent or overlapping addresses are merged: reading a gap could touch an
 * address the device does not have and fail the whole request.
 */
final class ReadPlan {
    /** One read request: {@code count} registers or bits from {@code start}. */
    record Request(RegisterSpec.Area area, int start, int count) {
        @Override
        public String toString() {
            return area.name().toLowerCase(java.util.Locale.ROOT) + " " + start + ".." + (start + count - 1);
        }
    }

    private ReadPlan() {
    }

    static List<Request> of(List<RegisterSpec> specs) {
        List<Request> out = new ArrayList<>();
        for (RegisterSpec.Area area : RegisterSpec.Area.values()) {
            List<RegisterSpec> in = new ArrayList<>();
            for (RegisterSpec s : specs) {
                if (s.area() == area) {
                    in.add(s);
                }
            }
            in.sort(Comparator.comparingInt(RegisterSpec::address));
            int start = -1;
            int end = -1; // exclusive
            for (RegisterSpec s : in) {
                int sEnd = s.address() + s.type().width;
                if (start >= 0 && s.address() <= end && Math.max(end, sEnd) - start <= area.maxPerRequest) {
                    end = Math.max(end, sEnd);
                    continue;
                }
                if (start >= 0) {
                    out.add(new Request(area, start, end - start));
                }
                start = s.address();
                end = sEnd;
            }
            if (start >= 0) {
                out.add(new Request(area, start, end - start));
            }
        }
        return out;
    }
}
