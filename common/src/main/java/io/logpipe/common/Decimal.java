package io.logpipe.common;

/**
 * A {@code long} as ASCII decimal digits straight into a byte array, without a String. The shipper writes one per
 * event twice (the offset in its JSON, the length in its RESP frame) and runs on C1 only, which emits a real
 * division for {@code / 10} and runs loops as written: values that fit an {@code int}, all offsets and lengths in
 * practice, are counted by comparisons and written two digits per step, dividing by multiplying (the former
 * digit-by-digit loops, counting then writing, were 5% of the shipper's samples).
 */
public final class Decimal {
    /** Most bytes {@link #write} writes ({@code Long.MIN_VALUE}). */
    public static final int MAX_LENGTH = 20;
    /** "00" to "99": the two digits of {@code n} at {@code 2 * n}. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int n = 0; n < 100; n++) {
            PAIRS[2 * n] = (byte) ('0' + n / 10);
            PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
        }
    }

    private Decimal() {
    }

    /**
     * Writes {@code value} as {@link Long#toString(long)} does, at {@code at}; the caller leaves room for
     * {@link #MAX_LENGTH} bytes.
     *
     * @return the index after the last digit
     */
    public static int write(long value, byte[] out, int at) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            String text = Long.toString(value);
            text.getBytes(0, text.length(), out, at);
            return at + text.length();
        }
        int v = (int) value;
        int end = at + digits(v);
        int p = end;
        while (v >= 100) {
            // v / 100, exact for every int (checked for all of 0 to 2^32 - 1)
            int q = (int) ((v * 1374389535L) >>> 37);
            int pair = 2 * (v - q * 100);
            out[--p] = PAIRS[pair + 1];
            out[--p] = PAIRS[pair];
            v = q;
        }
        if (v >= 10) {
            out[--p] = PAIRS[2 * v + 1];
            out[--p] = PAIRS[2 * v];
        } else {
            out[--p] = (byte) ('0' + v);
        }
        return end;
    }

    /** How many digits {@link #write} writes for {@code v}, 0 or more. */
    public static int digits(int v) {
        if (v < 100_000) {
            return v < 100 ? (v < 10 ? 1 : 2) : v < 1_000 ? 3 : v < 10_000 ? 4 : 5;
        }
        return v < 10_000_000 ? (v < 1_000_000 ? 6 : 7) : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    }
}
