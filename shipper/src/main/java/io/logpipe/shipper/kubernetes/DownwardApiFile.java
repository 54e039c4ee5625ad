package io.logpipe.shipper.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a Downward API volume file of labels or annotations. The kubelet writes one {@code key="value"} per line,
 * sorted, the value quoted as Go's {@code %q} does: {@code \"}, {@code \\}, {@code \n} and the other C escapes,
 * {@code \xNN} for a byte, <code>&#92;uNNNN</code> and <code>&#92;UNNNNNNNN</code> for a character (octal {@code \NNN} too, which
 * Go's unquoting accepts). Keys are never quoted (label and annotation keys cannot contain {@code =} or spaces).
 */
public final class DownwardApiFile {
    private DownwardApiFile() {
    }

    /**
     * @param source where the text comes from, for errors
     * @throws IllegalArgumentException naming the source and line of the first line that is not {@code key="value"}
     */
    public static SortedMap<String, String> parse(String text, String source) {
        SortedMap<String, String> entries = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw error(source, i, "expected key=\"value\", got: " + line);
            }
            String key = line.substring(0, eq).trim();
            String quoted = line.substring(eq + 1).trim();
            if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
                throw error(source, i, "the value of " + key + " is not a quoted string: " + quoted);
            }
            try {
                entries.put(key, unquote(quoted.substring(1, quoted.length() - 1)));
            } catch (IllegalArgumentException e) {
                throw error(source, i, "the value of " + key + ": " + e.getMessage());
            }
        }
        return Collections.unmodifiableSortedMap(entries);
    }

    private static IllegalArgumentException error(String source, int line, String what) {
        return new IllegalArgumentException(source + " line " + (line + 1) + ": " + what);
    }

    /** The inside of a Go-quoted string; bytes from {@code \x} escapes are decoded as UTF-8 with the rest. */
    static String unquote(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                throw new IllegalArgumentException("unescaped quote at " + (i - 1));
            }
            if (c != '\\') {
                int end = i;
                if (Character.isHighSurrogate(c) && end < s.length()) {
                    end++;
                }
                out.writeBytes(s.substring(i - 1, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("a backslash at the end");
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case '\\', '"', '\'' -> out.write(e);
                case 'x' -> {
                    out.write(hex(s, i, 2));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    int codePoint = hex(s, i, digits);
                    if (!Character.isValidCodePoint(codePoint)) {
                        throw new IllegalArgumentException("\\" + e + " escape of no character: " + s.substring(i, i + digits));
                    }
                    out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                    i += digits;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 <= s.length()) {
                        int value = Integer.parseInt(s.substring(i - 1, i + 2), 8);
                        if (value > 0xFF) {
                            throw new IllegalArgumentException("octal escape above \\377: " + s.substring(i - 1, i + 2));
                        }
                        out.write(value);
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("unknown escape \\" + e);
                    }
                }
            }
        }
        // Invalid UTF-8 (only possible through \x escapes) becomes U+FFFD, as for log lines.
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            throw new IllegalArgumentException("escape cut short: " + s.substring(from - 2));
        }
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("bad hex digits in escape: " + s.substring(from, from + digits));
            }
            value = value * 16 + digit;
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
