package io.logpipe.shipper.tail;

import static io.logpipe.common.Utf8Sequences.continuations;
import static io.logpipe.common.Utf8Sequences.secondLower;
import static io.logpipe.common.Utf8Sequences.secondUpper;

import java.nio.charset.StandardCharsets;

import io.logpipe.common.Utf8Sequences;

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
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            i = Utf8Sequences.end(bytes, i, end);
            if (i < 0) {
                return INVALID;
            }
        }
        return VALID;
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
