package io.logpipe.common;

/**
 * A {@code long} as ASCII decimal digits straight into a byte array, without a String. The shipper writes one per
 * event twice (the offset in its JSON, the length in its RESP frame) and runs on C1 only, which emits a real
 * division for {@code / 10}: values that fit an {@code int}, all offsets and lengths in practice, are divided by
 * multiplying instead.
 */
public final class Decimal {
    /** Most bytes {@link #write} writes ({@code Long.MIN_VALUE}). */
    public static final int MAX_LENGTH = 20;

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
        int digits = 1;
        for (int limit = 9; v > limit && digits < 10; limit = limit * 10 + 9) {
            digits++;
        }
        int end = at + digits;
        int p = end;
        long rest = v;
        do {
            // rest / 10, exact for every int
            long q = (rest * 0xCCCCCCCDL) >>> 35;
            out[--p] = (byte) ('0' + (rest - q * 10));
            rest = q;
        } while (rest != 0);
        return end;
    }
}
