package io.logpipe.common;

/**
 * The rules of well-formed UTF-8 (RFC 3629, the same as the JDK decoder: no overlong forms, no surrogates,
 * nothing above U+10FFFF), one byte sequence at a time. The shipper checks and decodes lines with them, the
 * indexer checks the strings of the elements it scans.
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
}
