package io.logpipe.indexer.filter.plugin;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.jcodings.specific.UTF8Encoding;
import org.joni.Matcher;
import org.joni.NameEntry;
import org.joni.Option;
import org.joni.Regex;
import org.joni.Region;
import org.joni.Syntax;
import org.joni.WarnCallback;
import org.joni.exception.JOniException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.indexer.filter.FieldRef;

/**
 * One compiled grok pattern. Matched with joni, the Oniguruma port Logstash's JRuby uses, with Ruby's syntax and
 * its {@code MULTILINE} option (a dot matches a newline), so a pattern means here what it means in Logstash.
 * Immutable: the regex is shared by all workers, each match has its own joni matcher.
 */
final class GrokExpression {
    /** What one named group becomes: the field, its conversion, and the group numbers that carry it. */
    record Capture(FieldRef field, boolean overwrite, char type, int[] groups) {
        /** The value of one group, converted; null when the group took no part in the match. */
        JsonNode value(byte[] input, Region region, int group) {
            int begin = region.getBeg(group);
            if (begin < 0) {
                return null;
            }
            String text = new String(input, begin, region.getEnd(group) - begin, StandardCharsets.UTF_8);
            return switch (type) {
                case 'i' -> toInteger(text);
                case 'f' -> toFloat(text);
                default -> TextNode.valueOf(text);
            };
        }
    }

    private final Regex regex;
    private final Capture[] captures;

    private GrokExpression(Regex regex, Capture[] captures) {
        this.regex = regex;
        this.captures = captures;
    }

    /**
     * @param target the namespace of the captures, or null
     * @param overwrite the capture names ({@code overwrite} option) that replace a field instead of adding to it
     * @throws IllegalArgumentException why the pattern cannot be used
     */
    static GrokExpression compile(String pattern, GrokBank bank, boolean namedCapturesOnly, FieldRef target,
            Set<String> overwrite) {
        byte[] expanded = bank.expand(pattern, namedCapturesOnly).getBytes(StandardCharsets.UTF_8);
        Regex regex;
        try {
            regex = new Regex(expanded, 0, expanded.length, Option.MULTILINE, UTF8Encoding.INSTANCE, Syntax.RUBY,
                    WarnCallback.NONE);
        } catch (JOniException e) {
            throw new IllegalArgumentException("not a valid regular expression once expanded (" + e.getMessage()
                    + ")");
        }
        List<Capture> captures = new ArrayList<>();
        for (Iterator<NameEntry> it = regex.namedBackrefIterator(); it.hasNext();) {
            NameEntry entry = it.next();
            captures.add(capture(new String(entry.name, entry.nameP, entry.nameEnd - entry.nameP,
                    StandardCharsets.UTF_8), entry.getBackRefs(), target, overwrite));
        }
        // Logstash hands the captures over in the order their groups open; a field captured twice lists them so
        captures.sort(Comparator.comparingInt(c -> c.groups()[0]));
        return new GrokExpression(regex, captures.toArray(Capture[]::new));
    }

    /** A group is named {@code PATTERN:semantic:type}, {@code PATTERN} or (Oniguruma syntax) {@code semantic}. */
    private static Capture capture(String group, int[] groups, FieldRef target, Set<String> overwrite) {
        String[] parts = group.split(":");
        String name = parts.length > 1 ? parts[1] : parts[0];
        char type = 's';
        if (parts.length > 2 && parts[2].equals("int")) {
            type = 'i';
        } else if (parts.length > 2 && parts[2].equals("float")) {
            type = 'f';
        }
        FieldRef field;
        try {
            field = FieldRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the capture name " + name + " is not a field reference");
        }
        if (target != null) {
            List<String> path = new ArrayList<>(target.path());
            path.addAll(field.path());
            field = FieldRef.of(path);
        }
        int[] sorted = groups.clone();
        Arrays.sort(sorted);
        return new Capture(field, overwrite.contains(name), type, sorted);
    }

    Capture[] captures() {
        return captures;
    }

    /**
     * Searches the UTF-8 input; returns the match's groups, or null when it does not match.
     *
     * @throws GrokWatchdog.Timeout when the watchdog stopped the search
     */
    Region search(byte[] input, GrokWatchdog.Slot slot) {
        Matcher matcher = regex.matcher(input, 0, input.length);
        int at = slot == null ? matcher.search(0, input.length, Option.NONE) : slot.search(matcher, input.length);
        if (at == Matcher.INTERRUPTED) {
            throw GrokWatchdog.Timeout.INSTANCE;
        }
        return at < 0 ? null : matcher.getEagerRegion();
    }

    /** Ruby's {@code String#to_i}: the leading integer, 0 when there is none. */
    static JsonNode toInteger(String text) {
        int start = skipSpace(text);
        int i = start;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int end = digits(text, i);
        if (end == i) {
            return IntNode.valueOf(0);
        }
        if (end - start <= 18 && text.lastIndexOf('_', end - 1) < i) {
            long value = Long.parseLong(text, start, end, 10);
            return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
        }
        StringBuilder number = new StringBuilder(end - start).append(text, start, i);
        appendDigits(number, text, i, end);
        BigInteger value = new BigInteger(number.toString());
        if (value.bitLength() < 32) {
            return IntNode.valueOf(value.intValue());
        }
        return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
    }

    /**
     * Ruby's {@code String#to_f}: the leading decimal number, 0.0 when there is none. A value too large for a
     * double stays text (JSON has no infinity).
     */
    static JsonNode toFloat(String text) {
        int i = skipSpace(text);
        StringBuilder number = new StringBuilder(text.length() - i);
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            number.append(text.charAt(i++));
        }
        int end = digits(text, i);
        appendDigits(number, text, i, end);
        boolean any = end > i;
        i = end;
        if (i + 1 < text.length() && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
            end = digits(text, i + 1);
            number.append('.');
            appendDigits(number, text, i + 1, end);
            any = true;
            i = end;
        }
        if (!any) {
            return DoubleNode.valueOf(0.0);
        }
        if (i + 1 < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (text.charAt(j) == '+' || text.charAt(j) == '-') {
                j++;
            }
            end = digits(text, j);
            if (end > j) {
                number.append('e').append(text, i + 1, j);
                appendDigits(number, text, j, end);
            }
        }
        double value = Double.parseDouble(number.toString());
        return Double.isFinite(value) ? DoubleNode.valueOf(value) : TextNode.valueOf(text);
    }

    private static int skipSpace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of a run of digits starting at {@code i}, with single underscores between digits (Ruby allows them). */
    private static int digits(String text, int i) {
        int end = i;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (isDigit(c)) {
                end++;
            } else if (c == '_' && end > i && end + 1 < text.length() && isDigit(text.charAt(end + 1))) {
                end++;
            } else {
                break;
            }
        }
        return end;
    }

    private static void appendDigits(StringBuilder out, String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (text.charAt(k) != '_') {
                out.append(text.charAt(k));
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

}
