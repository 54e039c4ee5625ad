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
                StringBuilder line = randomLine(random, alphabet, 12);
                if (i % 7 == 0) {
                    line.insert(0, "Caused by: ");
                }
                boolean find = matcher.reset(line).find();
                boolean fast = anchored ? matcher.reset(line).lookingAt() : matcher.reset(line).find();
                assertEquals(find, fast, source + " on " + line);
            }
        }
    }

    /** A line whose first character the table rules out must never match; the table must rule most lines out. */
    @Test
    void theFirstCharacterTableNeverRulesOutALineThePatternMatches() {
        Random random = new Random(12);
        String alphabet = " \tab|()[]^C0123456789:.-\rx\u00e9";
        List<String> patterns = List.of("^(\\s|Caused by:)", "^[[:space:]]+at", "^(a|b)x", "^$", "^\\s*$", "^[^ab]",
                "^(?:a|\\s)+b", "^.*x", "^x?", "^\\d{4}-\\d{2}", "^\\[", "^Caused", "^[A-Z][a-z]+ ", "^\\S", "^(\\d+\\.){3}",
                "^[[:digit:]]", "^\\b", "^\\w+:");
        for (String source : patterns) {
            Pattern pattern = MultilinePattern.compile(source);
            assertTrue(MultilinePattern.anchoredAtStart(pattern), source);
            boolean[] possible = MultilinePattern.possibleFirstCharacters(pattern);
            Matcher matcher = pattern.matcher("");
            for (int i = 0; i < 20_000; i++) {
                StringBuilder line = randomLine(random, alphabet, 14);
                if (i % 5 == 0) {
                    line.insert(0, List.of("Caused by: ", "2026-11-24 ", "10.0.0.1 - ", "\tat x", "[INFO] ", "Error ",
                            "java.lang:").get(i / 5 % 7));
                }
                if (line.length() > 0 && line.charAt(0) < 128 && !possible[line.charAt(0)]) {
                    assertFalse(matcher.reset(line).lookingAt(), source + " ruled out but matches " + line);
                }
            }
        }
        boolean[] continuation = MultilinePattern.possibleFirstCharacters(MultilinePattern.compile("^(\\s|Caused by:)"));
        for (char c = 0; c < 128; c++) {
            assertEquals(c == 'C' || Character.isWhitespace(c) && c != 0x1c && c != 0x1d && c != 0x1e && c != 0x1f,
                    continuation[c], "character " + (int) c);
        }
    }

    /** Fewer than {@code bound} characters drawn from {@code alphabet}. */
    private static StringBuilder randomLine(Random random, String alphabet, int bound) {
        StringBuilder line = new StringBuilder();
        for (int k = random.nextInt(bound); k > 0; k--) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return line;
    }
}
