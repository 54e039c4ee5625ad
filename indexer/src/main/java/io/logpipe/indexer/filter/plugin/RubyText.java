package io.logpipe.indexer.filter.plugin;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ruby's string semantics where mutate and kv inherit them from Logstash (which runs them on JRuby): regular
 * expressions whose {@code ^}/{@code $} are line anchors, {@code String#strip}, {@code #split}, {@code #capitalize},
 * {@code #gsub}'s {@code \1} replacements and {@code Float#to_s}. Java's look-alikes differ in each of these, and a
 * configuration written for Logstash must mean the same here.
 */
final class RubyText {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{IsAlphabetic}"), Map.entry("digit", "\\p{IsDigit}"),
            Map.entry("alnum", "\\p{IsAlphabetic}\\p{IsDigit}"), Map.entry("upper", "\\p{IsUppercase}"),
            Map.entry("lower", "\\p{IsLowercase}"), Map.entry("space", "\\p{IsWhite_Space}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{IsPunctuation}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "0-9A-Fa-f"), Map.entry("word", "\\w"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("print", "\\p{Print}"), Map.entry("ascii", "\\x00-\\x7F"));

    private RubyText() {
    }

    /**
     * Compiles a Ruby (Onigmo) regular expression as Java: {@code ^} and {@code $} match at every line, only
     * {@code \n} ends a line, {@code (?m)} is Java's DOTALL, {@code \h} is a hex digit and POSIX brackets
     * ({@code [[:space:]]}) are classes (in Java they would silently be a set of letters).
     *
     * @throws java.util.regex.PatternSyntaxException for what Java cannot compile
     */
    static Pattern regex(String ruby) {
        return Pattern.compile(translate(ruby), Pattern.MULTILINE | Pattern.UNIX_LINES);
    }

    static String translate(String ruby) {
        StringBuilder out = new StringBuilder(ruby.length() + 8);
        int classDepth = 0;
        for (int i = 0; i < ruby.length(); i++) {
            char c = ruby.charAt(i);
            if (c == '\\' && i + 1 < ruby.length()) {
                char next = ruby.charAt(++i);
                if (next == 'h') {
                    out.append(classDepth > 0 ? "0-9A-Fa-f" : "[0-9A-Fa-f]");
                } else if (next == 'H' && classDepth == 0) {
                    out.append("[^0-9A-Fa-f]");
                } else {
                    out.append(c).append(next);
                }
            } else if (c == '[' && classDepth > 0 && ruby.startsWith("[:", i)) {
                int end = ruby.indexOf(":]", i + 2);
                String name = end < 0 ? null : ruby.substring(i + 2, end);
                boolean negated = name != null && name.startsWith("^");
                String java = name == null ? null : POSIX_CLASSES.get(negated ? name.substring(1) : name);
                if (java == null) {
                    out.append(c);
                    classDepth++;
                } else {
                    out.append(negated ? "[^" + java + "]" : java);
                    i = end + 1;
                }
            } else if (c == '[') {
                out.append(c);
                classDepth++;
                // A ']' right after '[' or '[^' is a literal in Ruby.
                if (i + 1 < ruby.length() && ruby.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < ruby.length() && ruby.charAt(i + 1) == ']') {
                    out.append("\\]");
                    i++;
                }
            } else if (c == ']' && classDepth > 0) {
                out.append(c);
                classDepth--;
            } else if (c == '(' && classDepth == 0 && ruby.startsWith("(?", i) && i + 2 < ruby.length()
                    && "imx-".indexOf(ruby.charAt(i + 2)) >= 0) {
                // Inline options: Ruby's m (dot matches newline) is Java's s.
                out.append("(?");
                i += 2;
                while (i < ruby.length() && "imx-".indexOf(ruby.charAt(i)) >= 0) {
                    char flag = ruby.charAt(i++);
                    out.append(flag == 'm' ? 's' : flag);
                }
                i--;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Quotes text as a regex literal, as Ruby's {@code Regexp.quote} does, in syntax both engines read alike. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != ' ' && c != '_' && c < 128) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Ruby's whitespace for {@code strip}: NUL, tab, line feed, vertical tab, form feed, carriage return, space. */
    private static boolean rubySpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\0';
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && rubySpace(s.charAt(start))) {
            start++;
        }
        while (end > start && rubySpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static String upcase(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String downcase(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** First character in title case, the rest lower case. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int width = Character.charCount(first);
        return new StringBuilder(s.length())
                .appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(width).toLowerCase(Locale.ROOT))
                .toString();
    }

    /**
     * {@code String#split(separator)} with a string separator: a single space splits on runs of whitespace and
     * ignores leading whitespace (awk style), an empty separator splits into characters, and trailing empty
     * strings are removed.
     */
    static List<String> split(String s, String separator) {
        List<String> parts = new ArrayList<>();
        if (separator.equals(" ")) {
            int i = 0;
            while (i < s.length()) {
                while (i < s.length() && rubySpace(s.charAt(i)) && s.charAt(i) != '\0') {
                    i++;
                }
                int start = i;
                while (i < s.length() && !(rubySpace(s.charAt(i)) && s.charAt(i) != '\0')) {
                    i++;
                }
                if (i > start) {
                    parts.add(s.substring(start, i));
                }
            }
            return parts;
        }
        if (separator.isEmpty()) {
            s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
            return parts;
        }
        int start = 0;
        int at;
        while ((at = s.indexOf(separator, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + separator.length();
        }
        parts.add(s.substring(start));
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /**
     * {@code Float#to_s}: the shortest digits that read back as the same double, in plain notation from 1e-4 up to
     * 1e16 and in Ruby's {@code 1.0e+16} form outside it; always with a fraction ({@code 3.0}, not {@code 3}).
     */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int point = digits.length() - exact.scale(); // digits before the decimal point
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (point < -3 || point > 16) {
            out.append(digits.charAt(0)).append('.').append(digits.length() > 1 ? digits.substring(1) : "0");
            int exponent = point - 1;
            out.append('e').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            out.append(e.length() < 2 ? "0" + e : e);
        } else if (point <= 0) {
            out.append("0.").append("0".repeat(-point)).append(digits);
        } else if (point >= digits.length()) {
            out.append(digits).append("0".repeat(point - digits.length())).append(".0");
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    /**
     * A {@code gsub} replacement in Ruby's syntax, parsed once: {@code \1}..{@code \9} and {@code \0} or
     * {@code \&} (the match), {@code \k<name>}, {@code \`} (before the match), {@code \'} (after it),
     * {@code \+} (the last group that matched) and {@code \\} (a backslash); any other backslash is literal.
     * Java's own replacement syntax ({@code $1}) would read a Logstash configuration's {@code $} wrongly.
     */
    static final class Replacement {
        private static final int PRE = -1;
        private static final int POST = -2;
        private static final int LAST = -3;

        private final List<Object> parts; // String literal, Integer group (or PRE/POST/LAST), or Named
        private final String literal; // the whole replacement when it has no reference

        private record Named(String name) {
        }

        private Replacement(List<Object> parts) {
            this.parts = parts;
            this.literal = parts.size() == 1 && parts.get(0) instanceof String s ? s : parts.isEmpty() ? "" : null;
        }

        static Replacement parse(String text) {
            List<Object> parts = new ArrayList<>();
            StringBuilder lit = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\' || i + 1 == text.length()) {
                    lit.append(c);
                    continue;
                }
                char n = text.charAt(i + 1);
                Object ref = null;
                int skip = 1;
                if (n >= '0' && n <= '9') {
                    ref = n - '0';
                } else if (n == '&') {
                    ref = 0;
                } else if (n == '`') {
                    ref = PRE;
                } else if (n == '\'') {
                    ref = POST;
                } else if (n == '+') {
                    ref = LAST;
                } else if (n == '\\') {
                    lit.append('\\');
                    i++;
                    continue;
                } else if (n == 'k' && text.startsWith("<", i + 2) && text.indexOf('>', i + 3) > i + 3) {
                    int close = text.indexOf('>', i + 3);
                    ref = new Named(text.substring(i + 3, close));
                    skip = close - i;
                }
                if (ref == null) {
                    lit.append(c);
                    continue;
                }
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(ref);
                i += skip;
            }
            if (lit.length() > 0) {
                parts.add(lit.toString());
            }
            return new Replacement(List.copyOf(parts));
        }

        /** Replaces every match of the pattern in the input, as {@code input.gsub(pattern, replacement)}. */
        String replaceAll(Pattern pattern, String input) {
            Matcher m = pattern.matcher(input);
            if (!m.find()) {
                return input;
            }
            StringBuilder out = new StringBuilder(input.length() + 16);
            int last = 0;
            do {
                out.append(input, last, m.start());
                if (literal != null) {
                    out.append(literal);
                } else {
                    expand(m, input, out);
                }
                last = m.end();
            } while (m.find());
            out.append(input, last, input.length());
            return out.toString();
        }

        private void expand(Matcher m, String input, StringBuilder out) {
            for (Object part : parts) {
                if (part instanceof String s) {
                    out.append(s);
                } else if (part instanceof Named named) {
                    String g = m.group(named.name()); // an unknown name throws, as Ruby raises
                    out.append(g == null ? "" : g);
                } else {
                    int group = (Integer) part;
                    if (group == PRE) {
                        out.append(input, 0, m.start());
                    } else if (group == POST) {
                        out.append(input, m.end(), input.length());
                    } else {
                        if (group == LAST) {
                            group = m.groupCount();
                            while (group > 0 && m.group(group) == null) {
                                group--;
                            }
                            if (group == 0) {
                                continue;
                            }
                        }
                        String g = group <= m.groupCount() ? m.group(group) : null;
                        out.append(g == null ? "" : g);
                    }
                }
            }
        }
    }
}
