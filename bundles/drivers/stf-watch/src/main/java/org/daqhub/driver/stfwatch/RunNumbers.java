package org.daqhub.driver.stfwatch;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Run number from an STF file name, as the seed agent parses it: run_12345_…, RUN42, r7 (case-insensitive). */
final class RunNumbers {
    private static final Pattern[] PATTERNS = {
        Pattern.compile("run_(\\d+)", Pattern.CASE_INSENSITIVE),
        Pattern.compile("run(\\d+)", Pattern.CASE_INSENSITIVE),
        Pattern.compile("(?<![a-z])r(\\d+)", Pattern.CASE_INSENSITIVE),
    };

    private RunNumbers() {
    }

    static OptionalLong parse(String fileName) {
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(fileName);
            if (m.find()) {
                try {
                    return OptionalLong.of(Long.parseLong(m.group(1)));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty(); // more digits than a long holds
                }
            }
        }
        return OptionalLong.empty();
    }
}
