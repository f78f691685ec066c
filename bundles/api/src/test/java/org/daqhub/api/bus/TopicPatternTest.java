package org.daqhub.api.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicPatternTest {
    @Test
    void wildcardAndPrefixRules() {
        assertTrue(TopicPattern.matches("*", "data.a.b"));
        assertTrue(TopicPattern.matches("data.det1.*", "data.det1.adc"));
        assertFalse(TopicPattern.matches("data.det1.*", "data.det10.adc"));
        assertFalse(TopicPattern.matches("data.det1.*", "data.det1"));
        assertTrue(TopicPattern.matches("data.det1", "data.det1"));
        assertTrue(TopicPattern.matches("data.det1", "data.det1.adc"));
        assertFalse(TopicPattern.matches("data.det1", "data.det10"));
        assertEquals("data.", TopicPattern.prefix("data.*"));
    }

    @Test
    void starInsideMatchesOneSegment() {
        assertTrue(TopicPattern.matches("data.*.stf", "data.watch1.stf"));
        assertTrue(TopicPattern.matches("data.*.stf", "data.watch1.stf.extra"));
        assertFalse(TopicPattern.matches("data.*.stf", "data.watch1.stfx"));
        assertFalse(TopicPattern.matches("data.*.stf", "data.watch1.adc"));
        assertFalse(TopicPattern.matches("data.*.stf", "data.stf"));
        assertTrue(TopicPattern.matches("*.a.*", "x.a.b"));
        assertFalse(TopicPattern.matches("*.a.*", "x.a"));
        assertEquals("data.", TopicPattern.prefix("data.*.stf"));
    }

    @Test
    void canMatchBelowTellsWhichPatternsReachADriversTopics() {
        assertTrue(TopicPattern.canMatchBelow("*", "data.det1"));
        assertTrue(TopicPattern.canMatchBelow("data.det1.*", "data.det1"));
        assertTrue(TopicPattern.canMatchBelow("data.det1.adc", "data.det1"));
        assertTrue(TopicPattern.canMatchBelow("data.det1", "data.det1"));
        assertTrue(TopicPattern.canMatchBelow("data", "data.det1"));
        assertTrue(TopicPattern.canMatchBelow("data.*.stf", "data.det1"));
        assertFalse(TopicPattern.canMatchBelow("data.det2.*", "data.det1"));
        assertFalse(TopicPattern.canMatchBelow("data.det", "data.det1"));
        assertFalse(TopicPattern.canMatchBelow("fastmon.*", "data.det1"));
    }

    @Test
    void aPatternThatCanMatchNothingIsRefusedWithWhatWouldWork() {
        TopicPattern.validate("*");
        TopicPattern.validate("data.det1.*");
        TopicPattern.validate("data.*.stf");
        TopicPattern.validate("data.det1");
        assertEquals("ends with a dot, so it matches no topic; data.det1.* matches everything below data.det1",
                assertThrows(IllegalArgumentException.class, () -> TopicPattern.validate("data.det1.")).getMessage());
        assertEquals("has an empty segment, so it matches no topic; did you mean data.x?",
                assertThrows(IllegalArgumentException.class, () -> TopicPattern.validate("data..x")).getMessage());
        assertEquals("'det*': * stands for a whole segment only; did you mean data.*?",
                assertThrows(IllegalArgumentException.class, () -> TopicPattern.validate("data.det*")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopicPattern.validate("data. det1"));
    }

    @Test
    void overflowPolicyParses() {
        assertEquals(OverflowPolicy.BLOCK, OverflowPolicy.parse("Block"));
        assertEquals(OverflowPolicy.DROP_OLDEST, OverflowPolicy.parse("drop-oldest"));
        assertThrows(IllegalArgumentException.class, () -> OverflowPolicy.parse("drop_newest"));
    }
}
