package io.logpipe.indexer.replay;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Finds where JSON values begin and end in bytes, without building them and without a depth limit (a counter
 * and a growing stack of bracket kinds instead of recursion): the indexer embeds an element in its dead-letter
 * entry as it came, so the entry may be nested deeper, or be longer, than a parser's defaults allow.
 *
 * <p>It checks structure (brackets matched, strings closed, members as {@code "name": value} separated by
 * commas), not every rule of JSON: a number or literal is taken as the run of bytes up to the next delimiter.
 */
final class RawJson {
    /**
     * A member of an object: its name; {@code afterColon}; where its value starts and ends (without the whitespace
     * around it); {@code delimiter}, the offset of the comma or brace that ends the member.
     */
    record Member(String name, int afterColon, int valueStart, int valueEnd, int delimiter) {
    }

    interface MemberVisitor {
        void member(Member member) throws UnreadableEntryException;
    }

    private RawJson() {
    }

    static int skipWhitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Visits the members of the object that starts at {@code start} (after whitespace); returns the offset after its closing brace. */
    static int members(byte[] b, int start, MemberVisitor visitor) throws UnreadableEntryException {
        int i = skipWhitespace(b, start);
        expect(b, i, '{', "an object");
        i = skipWhitespace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            expect(b, i, '"', "a member name");
            int nameEnd = skipString(b, i);
            String name = new String(decodeString(b, i, nameEnd), java.nio.charset.StandardCharsets.UTF_8);
            i = skipWhitespace(b, nameEnd);
            expect(b, i, ':', "':' after \"" + name + "\"");
            int valueStart = skipValuePrefix(b, i + 1);
            int valueEnd = skipValue(b, valueStart);
            int delimiter = skipWhitespace(b, valueEnd);
            if (delimiter >= b.length || (b[delimiter] != ',' && b[delimiter] != '}')) {
                throw new UnreadableEntryException("expected ',' or '}' after the value of \"" + name + "\"", delimiter);
            }
            visitor.member(new Member(name, i + 1, valueStart, valueEnd, delimiter));
            if (b[delimiter] == '}') {
                return delimiter + 1;
            }
            i = skipWhitespace(b, delimiter + 1);
        }
    }

    /** Whitespace and a UTF-8 byte order mark before a value (the indexer keeps a BOM that led an element). */
    private static int skipValuePrefix(byte[] b, int i) {
        i = skipWhitespace(b, i);
        if (i + 2 < b.length && (b[i] & 0xFF) == 0xEF && (b[i + 1] & 0xFF) == 0xBB && (b[i + 2] & 0xFF) == 0xBF) {
            i = skipWhitespace(b, i + 3);
        }
        return i;
    }

    /** The offset just after the value that starts at {@code i}. */
    static int skipValue(byte[] b, int i) throws UnreadableEntryException {
        if (i >= b.length) {
            throw new UnreadableEntryException("expected a value, found the end", i);
        }
        byte c = b[i];
        if (c == '"') {
            return skipString(b, i);
        }
        if (c == '{' || c == '[') {
            return skipStructure(b, i);
        }
        int start = i;
        while (i < b.length && !isDelimiter(b[i])) {
            i++;
        }
        if (i == start) {
            throw new UnreadableEntryException("expected a value, found '" + (char) c + "'", i);
        }
        return i;
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"'
                || c == '{' || c == '[' || c == ':';
    }

    /** An object or array, however deep: the kinds of the open brackets are kept in a growing array. */
    private static int skipStructure(byte[] b, int i) throws UnreadableEntryException {
        byte[] open = new byte[64];
        int depth = 0;
        while (i < b.length) {
            byte c = b[i];
            switch (c) {
                case '"' -> {
                    i = skipString(b, i);
                    continue;
                }
                case '{', '[' -> {
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth++] = c;
                }
                case '}', ']' -> {
                    if (depth == 0 || open[depth - 1] != (c == '}' ? '{' : '[')) {
                        throw new UnreadableEntryException("unmatched '" + (char) c + "'", i);
                    }
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                default -> {
                    // scalars, commas, colons, whitespace inside the structure
                }
            }
            i++;
        }
        throw new UnreadableEntryException(depth + " brackets still open at the end", i);
    }

    /** {@code i} at the opening quote; the offset after the closing one. */
    static int skipString(byte[] b, int i) throws UnreadableEntryException {
        int start = i;
        i++;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
        throw new UnreadableEntryException("string not closed", start);
    }

    /**
     * The UTF-8 bytes of the string in {@code [from, to)} (quotes included), escapes decoded. Without escapes
     * these are the bytes between the quotes as they are.
     */
    static byte[] decodeString(byte[] b, int from, int to) throws UnreadableEntryException {
        int start = from + 1;
        int end = to - 1;
        int escape = indexOf(b, start, end, (byte) '\\');
        if (escape < 0) {
            return Arrays.copyOfRange(b, start, end);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        int i = start;
        while (i < end) {
            escape = indexOf(b, i, end, (byte) '\\');
            if (escape < 0) {
                out.write(b, i, end - i);
                break;
            }
            out.write(b, i, escape - i);
            if (escape + 1 >= end) {
                throw new UnreadableEntryException("escape at the end of a string", escape);
            }
            byte kind = b[escape + 1];
            i = escape + 2;
            switch (kind) {
                case '"', '\\', '/' -> out.write(kind);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' -> {
                    int unit = hex4(b, i, end);
                    i += 4;
                    int codePoint = unit;
                    if (Character.isHighSurrogate((char) unit) && i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u') {
                        int low = hex4(b, i + 2, end);
                        if (Character.isLowSurrogate((char) low)) {
                            codePoint = Character.toCodePoint((char) unit, (char) low);
                            i += 6;
                        }
                    }
                    if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
                        // a lone surrogate has no UTF-8 form; the indexer never writes one
                        codePoint = 0xFFFD;
                    }
                    writeUtf8(out, codePoint);
                }
                default -> throw new UnreadableEntryException("unknown escape '\\" + (char) kind + "'", escape);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int hex4(byte[] b, int i, int end) throws UnreadableEntryException {
        if (i + 4 > end) {
            throw new UnreadableEntryException("\\u escape cut short", i);
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(b[i + k], 16);
            if (digit < 0) {
                throw new UnreadableEntryException("bad \\u escape", i);
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }

    static void expect(byte[] b, int i, char wanted, String what) throws UnreadableEntryException {
        if (i >= b.length || b[i] != wanted) {
            throw new UnreadableEntryException("expected " + what + ", found "
                    + (i >= b.length ? "the end" : "'" + (char) b[i] + "'"), i);
        }
    }
}
