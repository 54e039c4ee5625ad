package io.logpipe.shipper.tail;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding with one U+FFFD per maximal invalid subpart (the Unicode / WHATWG practice that Logstash,
 * Beats and Python follow: {@code ED B9 81 C3} is four replacements). The JDK decoder replaces some invalid
 * sequences as a whole ({@code ED B9 81} is one U+FFFD), so it is used only for the fast common case, valid
 * input; lines with invalid bytes are decoded again here.
 */
final class Utf8 {
    private Utf8() {
    }

    /** {@link #check} result: every byte below 0x80. */
    static final int ASCII = 0;
    /** {@link #check} result: valid UTF-8 with multi-byte characters. */
    static final int VALID = 1;
    /** {@link #check} result: at least one invalid sequence. */
    static final int INVALID = 2;

    /**
     * Classifies {@code length} bytes from {@code offset} as {@link #ASCII}, {@link #VALID} or {@link #INVALID}
     * UTF-8 (the same definition of valid as the JDK decoder and {@link #decode}: no overlongs, no surrogates,
     * nothing above U+10FFFF), without decoding them.
     */
    static int check(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return ASCII;
        }
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int needed = continuations(b);
            if (needed < 0 || i + needed >= end) {
                return INVALID;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < secondLower(b) || second > secondUpper(b)) {
                return INVALID;
            }
            for (int k = 2; k <= needed; k++) {
                int c = bytes[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    return INVALID;
                }
            }
            i += needed + 1;
        }
        return VALID;
    }

    /** Continuation bytes a lead byte announces (1 to 3), or -1 when no character starts with it. */
    private static int continuations(int lead) {
        return lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : -1;
    }

    /** Lowest byte allowed after {@code lead}: no overlong three- (E0) or four-byte (F0) forms. */
    private static int secondLower(int lead) {
        return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    }

    /** Highest byte allowed after {@code lead}: no surrogates (ED), nothing above U+10FFFF (F4). */
    private static int secondUpper(int lead) {
        return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    }

    /** The decoded text; {@code invalid[0]} is set when the input held an invalid sequence. */
    static String decode(byte[] bytes, int offset, int length, boolean[] invalid) {
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
}
