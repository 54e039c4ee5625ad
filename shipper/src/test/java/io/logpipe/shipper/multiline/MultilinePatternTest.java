package io.logpipe.shipper.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void onlyPatternsThatCanMatchNowhereButAtTheStartCountAsAnchored() {
        for (String anchored : List.of("^(\\s|Caused by:)", "^", "^[[:space:]]+at", "^\\[[0-9]{4}", "^(?:a|b)c",
                "^[|(]x", "^\\|", "^[]|]", "^[^]|]", "^(a(b|c))d", "^[a[b|]]")) {
            assertTrue(MultilinePattern.anchoredAtStart(MultilinePattern.compile(anchored)), anchored);
        }
        for (String unanchored : List.of("^a|b", "a^", "x", "^(a)|b", "(?m)^a", "^(?m)a", "^\\Qa|b\\E", "^(?<=x)a",
                "^[a]|b", "^[]]|b", "\\^a")) {
            assertFalse(MultilinePattern.anchoredAtStart(MultilinePattern.compile(unanchored)), unanchored);
        }
        assertFalse(MultilinePattern.anchoredAtStart(Pattern.compile("^a", Pattern.MULTILINE)));
    }

    /** Where the reader uses lookingAt() instead of find(), both must answer alike on any line. */
    @Test
    void anchoredPatternsAnswerLookingAtAsFindDoes() {
        Random random = new Random(11);
        String alphabet = " \tab|()[]^C\rx\n";
        List<String> patterns = List.of("^(\\s|Caused by:)", "^[[:space:]]+at", "^a|b", "^(a|b)x", "^$", "^\\s*$",
                "^[^ab]", "^(?:a|\\s)+b", "^.*x", "^x?");
        for (String source : patterns) {
            Pattern pattern = MultilinePattern.compile(source);
            boolean anchored = MultilinePattern.anchoredAtStart(pattern);
            Matcher matcher = pattern.matcher("");
            for (int i = 0; i < 5_000; i++) {
                StringBuilder line = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (i % 7 == 0) {
                    line.insert(0, "Caused by: ");
                }
                boolean find = matcher.reset(line).find();
                boolean fast = anchored ? matcher.reset(line).lookingAt() : matcher.reset(line).find();
                assertEquals(find, fast, source + " on " + line);
            }
        }
    }
}
