package io.logpipe.shipper.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MultilinePatternTest {
    @Test
    void posixBracketClassesBecomeJavaClasses() {
        assertEquals("^[\\p{Space}]+(at|\\.{3})[\\p{Space}]+\\b|^Caused by:",
                MultilinePattern.translate("^[[:space:]]+(at|\\.{3})[[:space:]]+\\b|^Caused by:"));
        assertEquals("[\\p{Alpha}\\d_-]", MultilinePattern.translate("[[:alpha:]\\d_-]"));
        assertEquals("[\\P{Digit}]", MultilinePattern.translate("[[:^digit:]]"));
        assertEquals("[\\w]", MultilinePattern.translate("[[:word:]]"));
    }

    @Test
    void bracketsOutsideAClassEscapedOrQuotedAreLeftAlone() {
        assertEquals("\\[[:space:]", MultilinePattern.translate("\\[[:space:]"));
        assertEquals("\\Q[[:space:]]\\E", MultilinePattern.translate("\\Q[[:space:]]\\E"));
        assertEquals("^\\[[0-9]{4}", MultilinePattern.translate("^\\[[0-9]{4}"));
    }

    @Test
    void translatedPatternsMatchLikeTheOriginalTools() {
        assertTrue(MultilinePattern.compile("^[[:space:]]+at").matcher("\tat x").find());
        assertFalse(MultilinePattern.compile("^[[:space:]]+at").matcher("at x").find());
        assertTrue(MultilinePattern.compile("[[:upper:]]{3}").matcher("xxABCxx").find());
    }
}
