package io.logpipe.indexer.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import io.logpipe.common.Swar;
import io.logpipe.common.Utf8Sequences;

/**
 * The byte-level fast path of {@link DocumentBuilder}'s scan: validates an element and picks out the wanted fields
 * without a Jackson parser.
 *
 * <p>Contract: sound or unsure. {@link #scan(byte[])} returns true only when the element is exactly one JSON
 * object that the Jackson scan ({@code DocumentBuilder.jacksonScan}) accepts too, and then has filled
 * {@code types}, {@code texts} and {@link #multiline()} with exactly what the Jackson scan fills. False means
 * "not sure", never "invalid": the caller then runs the Jackson scan, which decides. It is sure only of strict
 * RFC 8259 JSON in well-formed UTF-8 (no overlong forms, no encoded surrogates), within the factory's
 * {@link StreamReadConstraints} and a depth of 64. Everything else is left to Jackson, such as a byte order mark,
 * a key with an escape in an object whose fields are wanted, an escaped surrogate in any key (Jackson checks the
 * pairs there), or an object or array the index pattern reads whole (the Jackson scan builds a tree of it). A
 * factory with duplicate detection, a token-count limit or an input decorator switches the fast path off, as they
 * make Jackson refuse or change input this class accepts.
 *
 * <p>One difference is known and accepted: Jackson's field-name symbol table, shared by all parsers of a factory,
 * refuses a new name once the table has grown past 1024 slots and its overflow area is full of colliding names (a
 * defence against crafted names; whether it happens depends on the names of earlier elements too). This class
 * keeps no symbol table and accepts such an element, which is valid JSON.
 *
 * <p>Why it exists: the benchmark's profile showed the Jackson scan as 33% of the indexer's CPU (parser creation,
 * encoding detection, field-name canonicalization, number parsing, read contexts), and the indexer shares its CPU
 * with Elasticsearch. Events of the wire format are plain JSON that one pass over the bytes settles.
 *
 * <p>Not thread-safe: one per {@link DocumentBuilder}.
 */
final class WireScan {
    private static final int MAX_DEPTH = 64;
    private static final int END = -1;
    /** Returned by {@link #open} and {@link #next}; like {@link #END}, never the first byte of a member. */
    private static final int CLOSED = -2;
    private static final int BROKEN = -3;

    /** What a byte is inside a string; 0 keeps the common skip loop a single table look-up per byte. */
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte NON_ASCII = 4;
    private static final byte[] IN_STRING = new byte[256];

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    static {
        Arrays.fill(IN_STRING, 0, 0x20, CONTROL);
        Arrays.fill(IN_STRING, 0x80, 0x100, NON_ASCII);
        IN_STRING['"'] = QUOTE;
        IN_STRING['\\'] = BACKSLASH;
    }

    /** A wanted field as {@link DocumentBuilder.Node}, with its children's names as UTF-8 to match raw keys. */
    private static final class Wanted {
        final int slot;
        final boolean text;
        final boolean tree;
        /** The Jackson scan descends into an object value only when the node has children. */
        final boolean descend;
        final byte[][] names;
        final Wanted[] children;

        Wanted(DocumentBuilder.Node node) {
            slot = node.slot;
            text = node.text;
            tree = node.tree;
            descend = !node.children.isEmpty();
            byte[][] encoded = new byte[node.children.size()][];
            Wanted[] wanted = new Wanted[encoded.length];
            int n = 0;
            for (Map.Entry<String, DocumentBuilder.Node> child : node.children.entrySet()) {
                byte[] name = child.getKey().getBytes(StandardCharsets.UTF_8);
                // A name with a lone surrogate has no UTF-8 form: only an escaped key could match it, and escaped
                // keys are left to Jackson.
                if (new String(name, StandardCharsets.UTF_8).equals(child.getKey())) {
                    encoded[n] = name;
                    wanted[n++] = new Wanted(child.getValue());
                }
            }
            names = Arrays.copyOf(encoded, n);
            children = Arrays.copyOf(wanted, n);
        }

        Wanted child(byte[] in, int from, int to) {
            int length = to - from;
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i];
                // length and first byte rule out most keys before the range compare (14% of a worker's samples)
                if (name.length == length && (length == 0 || name[0] == in[from])
                        && Arrays.equals(name, 0, length, in, from, to)) {
                    return children[i];
                }
            }
            return null;
        }
    }

    private final Wanted root;
    private final JsonToken[] types;
    private final String[] texts;
    private final boolean enabled;
    private final int maxDepth;
    private final long maxDocumentLength;
    private final int maxNumberLength;
    private final int maxStringLength;
    private final int maxNameLength;

    private byte[] in;
    private int pos;
    private boolean lineBreak;
    /** What the last {@link #string(int, boolean)} found, for the text of a wanted value. */
    private boolean escaped;
    private boolean nonAscii;

    /**
     * @param types the scan array it fills, shared with the Jackson scan
     * @param texts the other one
     */
    WireScan(DocumentBuilder.Node root, JsonFactory factory, JsonToken[] types, String[] texts) {
        this.root = new Wanted(root);
        this.types = types;
        this.texts = texts;
        StreamReadConstraints limits = factory.streamReadConstraints();
        enabled = JsonFactory.FORMAT_NAME_JSON.equals(factory.getFormatName())
                && factory.getInputDecorator() == null
                && !factory.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                && !limits.hasMaxTokenCount();
        maxDepth = Math.min(MAX_DEPTH, limits.getMaxNestingDepth());
        maxDocumentLength = limits.hasMaxDocumentLength() ? limits.getMaxDocumentLength() : Long.MAX_VALUE;
        // Jackson counts digits, decoded characters and decoded bytes; raw bytes are never fewer.
        maxNumberLength = limits.getMaxNumberLength();
        maxStringLength = limits.getMaxStringLength();
        maxNameLength = limits.getMaxNameLength();
    }

    /**
     * @return true: the element is one JSON object and the scan arrays hold what the Jackson scan would put
     *     there; false: not sure (the arrays may hold part of it), ask Jackson
     */
    boolean scan(byte[] element) {
        Arrays.fill(types, null);
        Arrays.fill(texts, null);
        if (!enabled || element.length > maxDocumentLength) {
            return false;
        }
        in = element;
        pos = 0;
        lineBreak = false;
        try {
            return whitespace() == '{' && object(root, 1) && whitespace() == END;
        } finally {
            in = null;
        }
    }

    /** After a true {@link #scan(byte[])}: the element had a raw line break, where Jackson counts a new line. */
    boolean multiline() {
        return lineBreak;
    }

    /** Skips whitespace; returns the next byte (not consumed), or {@link #END}. */
    private int whitespace() {
        byte[] b = in;
        int p = pos;
        for (; p < b.length; p++) {
            int c = b[p] & 0xFF;
            if (c == '\n' || c == '\r') {
                lineBreak = true; // Jackson counts a lone \r as a new line too
            } else if (c != ' ' && c != '\t') {
                pos = p;
                return c;
            }
        }
        pos = p;
        return END;
    }

    /**
     * The object whose opening brace is at {@link #pos}; {@code node} is the wanted field it is, or null when
     * nothing in it is wanted.
     * Mirrors {@code DocumentBuilder.scanObject}, so later duplicates overwrite earlier ones as there.
     */
    private boolean object(Wanted node, int depth) {
        for (int c = open('}', depth); c != CLOSED; c = next('}')) {
            if (c != '"') {
                return false;
            }
            int from = pos + 1;
            int to = string(from, true);
            if (to < 0 || to - from > maxNameLength || (node != null && escaped)) {
                return false;
            }
            pos = to + 1;
            if (whitespace() != ':') {
                return false;
            }
            pos++;
            Wanted child = node == null ? null : node.child(in, from, to);
            if (!value(child, whitespace(), depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean array(int depth) {
        for (int c = open(']', depth); c != CLOSED; c = next(']')) {
            if (c == BROKEN || !value(null, c, depth)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Enters the object or array at {@link #pos}: returns the first byte of its first member, {@link #CLOSED} when
     * it is empty, or {@link #BROKEN} when it is too deep.
     */
    private int open(int close, int depth) {
        if (depth > maxDepth) {
            return BROKEN;
        }
        pos++;
        int c = whitespace();
        if (c == close) {
            pos++;
            return CLOSED;
        }
        return c;
    }

    /** After a member: the first byte of the next one, {@link #CLOSED} at {@code close}, or {@link #BROKEN}. */
    private int next(int close) {
        int c = whitespace();
        if (c == ',') {
            pos++;
            return whitespace();
        }
        if (c == close) {
            pos++;
            return CLOSED;
        }
        return BROKEN;
    }

    /** A value starting with {@code c}, of the wanted field {@code w} or of nothing wanted (null). */
    private boolean value(Wanted w, int c, int depth) {
        if (c == '{' || c == '[') {
            if (w != null) {
                if (w.tree) {
                    return false;
                }
                if (w.slot >= 0) {
                    types[w.slot] = c == '{' ? JsonToken.START_OBJECT : JsonToken.START_ARRAY;
                }
                if (c == '{' && w.descend) {
                    return object(w, depth + 1);
                }
            }
            return c == '{' ? object(null, depth + 1) : array(depth + 1);
        }
        int start = pos;
        JsonToken type = scalar(c);
        if (type == null) {
            return false;
        }
        if (w != null && w.slot >= 0) {
            types[w.slot] = type;
            if (w.text && type != JsonToken.VALUE_NULL) {
                String text = text(type, start);
                if (text == null) {
                    return false;
                }
                texts[w.slot] = text;
            }
        }
        return true;
    }

    /** A string, number or literal; moves past it and returns its token, or null when not sure. */
    private JsonToken scalar(int c) {
        switch (c) {
            case '"':
                int to = string(pos + 1, false);
                if (to < 0) {
                    return null;
                }
                pos = to + 1;
                return JsonToken.VALUE_STRING;
            case 't':
                return literal(TRUE) ? JsonToken.VALUE_TRUE : null;
            case 'f':
                return literal(FALSE) ? JsonToken.VALUE_FALSE : null;
            case 'n':
                return literal(NULL) ? JsonToken.VALUE_NULL : null;
            default:
                return number();
        }
    }

    /** What Jackson's {@code getText()} gives for the scalar just read from {@code start}, or null when not sure. */
    private String text(JsonToken type, int start) {
        switch (type) {
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_STRING:
                int from = start + 1;
                int to = pos - 1;
                if (to - from > maxStringLength) {
                    return null;
                }
                if (escaped) {
                    return unescaped(from, to);
                }
                return new String(in, from, to - from, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            default:
                // Jackson keeps a number's text as written
                return new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A string's content from {@code from} to its closing quote: returns the quote's index, or -1 when not sure
     * (a control character, a malformed escape or UTF-8 sequence, no end); sets {@link #escaped} and
     * {@link #nonAscii}.
     *
     * @param key a field name: Jackson refuses an escaped surrogate there unless it is half of a pair, so any
     *     escaped surrogate is left to it
     */
    private int string(int from, boolean key) {
        byte[] b = in;
        int n = b.length;
        boolean escapes = false;
        boolean multiByte = false;
        int p = from;
        while (true) {
            // 8 bytes at a time up to the first one that is not PLAIN: the message is most of an element's bytes
            // (the byte-by-byte loop was a quarter of a worker's time)
            for (; p + 8 <= n; p += 8) {
                long special = special((long) Swar.LONGS.get(b, p));
                if (special != 0) {
                    p += Swar.firstMarked(special);
                    break;
                }
            }
            while (p < n && IN_STRING[b[p] & 0xFF] == PLAIN) {
                p++;
            }
            if (p >= n) {
                return -1;
            }
            switch (IN_STRING[b[p] & 0xFF]) {
                case QUOTE:
                    escaped = escapes;
                    nonAscii = multiByte;
                    return p;
                case BACKSLASH:
                    escapes = true;
                    p = escape(b, p + 1, key);
                    break;
                case NON_ASCII:
                    multiByte = true;
                    p = Utf8Sequences.end(b, p, n); // well-formed only (Jackson accepts these, and more)
                    break;
                default:
                    return -1; // Jackson refuses an unescaped control character
            }
            if (p < 0) {
                return -1;
            }
        }
    }

    /**
     * The high bit of each of the 8 bytes (little-endian) that is not {@link #PLAIN} in a string: a quote, a
     * backslash, below 0x20 or from 0x80. Zero exactly when all are plain; the lowest set bit is always a byte that
     * is not (a borrow marks bytes only after a true one).
     */
    static long special(long word) {
        return Swar.jsonSpecialMarks(word) | word & Swar.HIGHS;
    }

    /** The escape whose letter is at {@code p}: returns the index after it, or -1. */
    private static int escape(byte[] b, int p, boolean key) {
        if (p >= b.length) {
            return -1;
        }
        switch (b[p]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return p + 1;
            case 'u':
                if (p + 4 >= b.length) {
                    return -1;
                }
                int unit = 0;
                for (int i = p + 1; i <= p + 4; i++) {
                    int digit = Character.digit(b[i], 16);
                    if (digit < 0) {
                        return -1;
                    }
                    unit = unit << 4 | digit;
                }
                return key && Character.isSurrogate((char) unit) ? -1 : p + 5;
            default:
                return -1;
        }
    }

    /** The content of a string with escapes (checked by {@link #string(int, boolean)}), decoded as Jackson does. */
    private String unescaped(int from, int to) {
        byte[] b = in;
        StringBuilder text = new StringBuilder(to - from);
        int run = from;
        int p = from;
        while (p < to) {
            if (b[p] != '\\') {
                p++;
                continue;
            }
            // Escapes are ASCII, so the run before one is whole UTF-8 characters.
            text.append(new String(b, run, p - run, StandardCharsets.UTF_8));
            char c = (char) b[p + 1];
            p += 2;
            switch (c) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    // Jackson takes the code unit as it is, a lone surrogate too
                    text.append((char) Integer.parseInt(new String(b, p, 4, StandardCharsets.ISO_8859_1), 16));
                    p += 4;
                }
                default -> text.append(c); // " \ /
            }
            run = p;
        }
        text.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        return text.toString();
    }

    private boolean literal(byte[] word) {
        int end = pos + word.length;
        if (end > in.length || !Arrays.equals(in, pos, end, word, 0, word.length)) {
            return false;
        }
        pos = end;
        return true;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? from {@link #pos}; the byte after it is the caller's. */
    private JsonToken number() {
        byte[] b = in;
        int n = b.length;
        int p = pos;
        if (p < n && b[p] == '-') {
            p++;
        }
        if (p < n && b[p] == '0') {
            p++;
        } else if (p < n && b[p] >= '1' && b[p] <= '9') {
            p = digits(b, p + 1);
        } else {
            return null;
        }
        boolean floating = false;
        if (p < n && b[p] == '.') {
            int fraction = p + 1;
            p = digits(b, fraction);
            if (p == fraction) {
                return null;
            }
            floating = true;
        }
        if (p < n && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < n && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exponent = p;
            p = digits(b, exponent);
            if (p == exponent) {
                return null;
            }
            floating = true;
        }
        if (p - pos > maxNumberLength) {
            return null;
        }
        pos = p;
        return floating ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
    }

    private static int digits(byte[] b, int p) {
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }
}
