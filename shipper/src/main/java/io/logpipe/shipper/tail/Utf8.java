package io.logpipe.shipper.tail;

import io.logpipe.common.Utf8Sequences;

/**
 * A line's bytes checked and decoded as UTF-8, one U+FFFD per maximal invalid subpart (the Unicode / WHATWG
 * practice that Logstash, Beats and Python follow), with the rules of {@link Utf8Sequences}.
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

    /**
     * The decoded text, one U+FFFD per maximal invalid subpart ({@link Utf8Sequences#decode}, which the indexer
     * repairs elements with too); {@code invalid[0]} is set when the input held an invalid sequence.
     */
    static String decode(byte[] bytes, int offset, int length, boolean[] invalid) {
        return Utf8Sequences.decode(bytes, offset, length, invalid);
    }
}
