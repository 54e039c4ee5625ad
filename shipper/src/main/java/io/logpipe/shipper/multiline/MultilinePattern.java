package io.logpipe.shipper.multiline;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a Logstash/Beats multiline pattern as a Java regex. Those tools use Oniguruma and Go regexps,
 * which accept POSIX bracket expressions such as {@code [[:space:]]}; Java does not, so they are
 * translated to the equivalent {@code \p{..}} classes (only inside a character class, where they are valid).
 */
public final class MultilinePattern {
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("xdigit", "XDigit"), Map.entry("word", "Alnum_"));

    private MultilinePattern() {
    }

    /** @throws java.util.regex.PatternSyntaxException when the translated pattern is not a valid regex */
    public static Pattern compile(String pattern) {
        return Pattern.compile(translate(pattern));
    }

    /** The pattern with POSIX bracket expressions replaced by Java classes; everything else unchanged. */
    public static String translate(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        int depth = 0;
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (pattern.charAt(i + 1) == 'Q') {
                    int end = pattern.indexOf("\\E", i + 2);
                    end = end < 0 ? n : end + 2;
                    out.append(pattern, i, end);
                    i = end;
                } else {
                    out.append(c).append(pattern.charAt(i + 1));
                    i += 2;
                }
                continue;
            }
            if (c == '[' && depth > 0 && i + 1 < n && pattern.charAt(i + 1) == ':') {
                int close = pattern.indexOf(":]", i + 2);
                if (close > 0) {
                    String name = pattern.substring(i + 2, close);
                    boolean negated = name.startsWith("^");
                    String java = POSIX.get(negated ? name.substring(1) : name);
                    if (java != null) {
                        out.append(java(java, negated));
                        i = close + 2;
                        continue;
                    }
                }
            }
            if (c == '[') {
                depth++;
                out.append(c);
                i++;
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i < n && pattern.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < n && pattern.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == ']' && depth > 0) {
                depth--;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * Whether a match can only start at the beginning of the input: {@code ^} first and no alternative outside a
     * group, no flag that lets {@code ^} match elsewhere. Then {@code lookingAt()} answers what {@code find()}
     * would, without trying the pattern at every position of the line as {@code find()} does (for
     * {@code ^(\s|Caused by:)} that was a fifth of the reading thread). Conservative: false when unsure (quoting,
     * inline flags and other {@code (?} constructs, a top-level {@code |}).
     */
    public static boolean anchoredAtStart(Pattern pattern) {
        String p = pattern.pattern();
        if ((pattern.flags() & (Pattern.MULTILINE | Pattern.LITERAL | Pattern.COMMENTS)) != 0 || !p.startsWith("^")
                || p.contains("\\Q")) {
            return false;
        }
        int groups = 0;
        int classes = 0;
        int n = p.length();
        for (int i = 1; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (classes > 0) {
                if (c == '[') {
                    classes++;
                } else if (c == ']') {
                    classes--;
                }
            } else if (c == '[') {
                classes = 1;
                // A ']' right after '[' or '[^' is a member, not the end of the class.
                if (i + 1 < n && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < n && p.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                if (i + 1 < n && p.charAt(i + 1) == '?' && (i + 2 >= n || p.charAt(i + 2) != ':')) {
                    return false; // inline flags, look-arounds, named groups: not worth reasoning about
                }
                groups++;
            } else if (c == ')') {
                groups--;
            } else if (c == '|' && groups == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a pattern {@link #anchoredAtStart anchored at the start}: per ASCII character, whether a line beginning
     * with it may match ({@code true}: ask the regex) or cannot ({@code false}). Exact, not a guess: the pattern is
     * tried on the character alone, and when {@code lookingAt()} fails without {@link Matcher#hitEnd() hitting the
     * end} of that one-character input, no longer input starting with it can match either. Why: most lines of
     * a log do not start the way a continuation does (an access log's first character is a digit), so most lines
     * need no regex at all (it was 10% of the shipper's samples).
     */
    public static boolean[] possibleFirstCharacters(Pattern pattern) {
        boolean[] possible = new boolean[128];
        for (char c = 0; c < 128; c++) {
            Matcher m = pattern.matcher(String.valueOf(c));
            possible[c] = m.lookingAt() || m.hitEnd();
        }
        return possible;
    }

    private static String java(String name, boolean negated) {
        if (name.equals("Alnum_")) {
            return negated ? "\\W" : "\\w";
        }
        return (negated ? "\\P{" : "\\p{") + name + "}";
    }
}
