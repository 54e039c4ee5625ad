package io.logpipe.shipper.tail;

/**
 * Eight bytes at a time ("SIMD within a register"): the hot loops over log lines read a {@code long} per step
 * and mark the bytes they look for in its high bits.
 */
public final class Swar {
    private Swar() {
    }

    /**
     * Index (0 to 7, little-endian) of the lowest byte whose high bit is set in {@code marks}, 8 when none is.
     * Not {@link Long#numberOfTrailingZeros}: the shipper runs on C1 only, which on Java 17 has no intrinsic for
     * it, and the call was 16% of the Redis sink thread's samples. Isolating the lowest mark and multiplying by a
     * byte ladder puts its index in the top byte.
     */
    public static int firstMarked(long marks) {
        if (marks == 0) {
            return 8;
        }
        long lowest = (marks & -marks) >>> 7; // 1 << (8 * index)
        return (int) ((lowest * 0x0001020304050607L) >>> 56);
    }
}
