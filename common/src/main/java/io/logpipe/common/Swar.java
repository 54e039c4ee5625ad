package io.logpipe.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time ("SIMD within a register"): the hot loops over log lines and events (the shipper's line
 * reader and JSON escaper, the indexer's element scan) read a {@code long} per step and mark the bytes they look
 * for in its high bits.
 */
public final class Swar {
    /** 8 bytes of a {@code byte[]} as a little-endian {@code long}, at any index. */
    public static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of every byte: where marks are. */
    public static final long HIGHS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long QUOTE_TO_SPACE = repeated((char) ('"' ^ ' '));
    private static final long BELOW_21 = repeated((char) 0x21);
    private static final long BACKSLASHES = repeated('\\');

    private Swar() {
    }

    /** {@code b} in each of the 8 bytes, for {@link #equalMarks}. */
    public static long repeated(char b) {
        return ONES * b;
    }

    /**
     * Marks the bytes of {@code word} equal to the byte {@code pattern} repeats. Zero exactly when none is; the
     * lowest mark is always exact (a borrow can mark bytes after a true one, never before).
     */
    public static long equalMarks(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * Marks the bytes of {@code word} that a JSON string cannot hold as they are: below 0x20, {@code "} and
     * {@code \\}. Zero exactly when none is; the lowest mark is always exact.
     */
    public static long jsonSpecialMarks(long word) {
        // Flipping bit 1 turns '"' (0x22) into 0x20 and keeps 0x00-0x1F below 0x20 (0x20 and 0x21 become 0x22 and
        // 0x23): one "below 0x21" test finds control characters and quotes together. A third fewer operations than
        // a test per kind, in the loop that is a third of the shipper's CPU. Kept under 35 bytes of bytecode (with
        // the test in a helper): C1 inlines nothing larger, and a call per 8 bytes would cost more than it saves.
        return (below(word ^ QUOTE_TO_SPACE, BELOW_21) | below(word ^ BACKSLASHES, ONES)) & HIGHS;
    }

    /** High bits of the bytes of {@code x} below the byte {@code limits} repeats (exact up to the lowest mark). */
    private static long below(long x, long limits) {
        return (x - limits) & ~x;
    }

    /**
     * Index (0 to 7, little-endian) of the lowest byte whose high bit is set in {@code marks}, 8 when none is.
     * Not {@link Long#numberOfTrailingZeros}: the shipper runs on C1 only, which on Java 17 has no intrinsic for
     * it, and the call was 16% of its Redis sink thread's samples. Isolating the lowest mark and multiplying by a
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
