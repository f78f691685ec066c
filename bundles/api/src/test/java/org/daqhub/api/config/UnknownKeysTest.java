package org.daqhub.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UnknownKeysTest {
    @interface Sample {
        int max_skew_s();

        String add__date();

        String dash$_$ed();
    }

    @Test
    void declaredKeysFollowTheMetatypeNameMapping() {
        assertEquals(Set.of("max.skew.s", "add_date", "dash-ed"), UnknownKeys.declared(Sample.class));
    }

    @Test
    void aTypoIsNamedWithTheNearestKeyAndFrameworkKeysAreNeverUnknown() {
        Set<String> known = Set.of("max.skew.s", "retention.days");
        assertEquals(List.of("unknown key max_skew, did you mean max.skew.s?",
                "unknown key zzz (known: max.skew.s, retention.days)"),
                UnknownKeys.of(Map.of("max_skew", 1, "zzz", 2, "service.pid", "x", "felix.fileinstall.filename", "f",
                        "retention.days", 3), known));
    }
}
