package io.logpipe.common;

import java.nio.charset.StandardCharsets;

/**
 * The rules of well-formed UTF-8 (RFC 3629, the same as the JDK decoder: no overlong forms, no surrogates,
 * nothing above U+10FFFF), one byte sequence at a time, and the one replacing decoder built on them. The shipper
 * checks and decodes lines with them; the indexer checks the strings of the elements it scans, and repairs an
 * element with invalid bytes the way the shipper would have decoded it.
 */
public final class Utf8Sequences {
    private Utf8Sequences() {
    }

    /**
     * The index just after the well-formed sequence whose lead byte (0x80 or above) is at {@code i}, or -1 when
     * the bytes before {@code end} do not hold one there.
     */
    public static int end(byte[] bytes, int i, int end) {
        int lead = bytes[i] & 0xFF;
        int needed = continuations(lead);
        if (needed < 0 || i + needed >= end) {
            return -1;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < secondLower(lead) || second > secondUpper(lead)) {
            return -1;
        }
        for (int k = 2; k <= needed; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return i + needed + 1;
    }

    /** Continuation bytes a lead byte announces (1 to 3), or -1 when no character starts with it. */
    public static int continuations(int lead) {
        return lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : -1;
    }

    /** Lowest byte allowed after {@code lead}: no overlong three- (E0) or four-byte (F0) forms. */
    public static int secondLower(int lead) {
        return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    }

    /** Highest byte allowed after {@code lead}: no surrogates (ED), nothing above U+10FFFF (F4). */
    public static int secondUpper(int lead) {
        return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    }

    /**
     * The text of {@code length} bytes from {@code offset}, with one U+FFFD per maximal invalid subpart (the
     * Unicode / WHATWG practice that Logstash, Beats and Python follow: {@code ED B9 81 C3} is four replacements).
     * The JDK decoder replaces some invalid sequences as a whole ({@code ED B9 81} is one U+FFFD), so it is used
     * only for the common case, valid input. {@code invalid[0]} is set when the input held an invalid sequence.
     */
    public static String decode(byte[] bytes, int offset, int length, boolean[] invalid) {
        String fast = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        StringBuilder out = new StringBuilder(length);
        int needed = 0;
        int seen = 0;
        int codePoint = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (continuations(b) > 0) {
                    needed = continuations(b);
                    codePoint = b & (0x7F >> (needed + 1));
                    lower = secondLower(b);
                    upper = secondUpper(b);
                } else {
                    out.append('\uFFFD');
                    invalid[0] = true;
                }
                continue;
            }
            if (b < lower || b > upper) {
                // The sequence so far is one invalid subpart; this byte starts over.
                needed = 0;
                seen = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append('\uFFFD');
                invalid[0] = true;
                i--;
                continue;
            }
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (++seen == needed) {
                out.appendCodePoint(codePoint);
                needed = 0;
                seen = 0;
            }
        }
        if (needed != 0) {
            out.append('\uFFFD');
            invalid[0] = true;
        }
        return out.toString();
    }

    /** Whether every byte of {@code bytes} belongs to a well-formed sequence. */
    public static boolean isValid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (bytes[i] >= 0) {
                i++;
            } else if ((i = end(bytes, i, n)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code bytes} with each maximal invalid subpart replaced by U+FFFD's three bytes, as {@link #decode} reads
     * them; null when they are well-formed already (nothing to repair).
     */
    public static byte[] repaired(byte[] bytes) {
        if (isValid(bytes)) {
            return null;
        }
        return decode(bytes, 0, bytes.length, new boolean[1]).getBytes(StandardCharsets.UTF_8);
    }
}
