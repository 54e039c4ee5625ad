package io.logpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SwarTest {
    @Test
    void firstMarkedIsTheLowestMarkedByteForEveryCombinationOfMarks() {
        for (int combination = 0; combination < 256; combination++) {
            long marks = 0;
            for (int b = 0; b < 8; b++) {
                if ((combination & (1 << b)) != 0) {
                    marks |= 0x80L << (8 * b);
                }
            }
            int expected = combination == 0 ? 8 : Integer.numberOfTrailingZeros(combination);
            assertEquals(expected, Swar.firstMarked(marks), Long.toHexString(marks));
        }
    }

    @Test
    void theJsonCheckFindsWhetherAndWhereTheFirstByteToEscapeIs() {
        Random random = new Random(1);
        byte[] interesting = {0x00, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, (byte) 0x80, (byte) 0xa2,
            (byte) 0xdc, (byte) 0xff, 'a'};
        for (int i = 0; i < 200_000; i++) {
            long word = 0;
            int first = 8;
            for (int b = 0; b < 8; b++) {
                int v = (i % 2 == 0 ? interesting[random.nextInt(interesting.length)] : random.nextInt(256)) & 0xFF;
                if (first == 8 && (v < 0x20 || v == '"' || v == '\\')) {
                    first = b;
                }
                word |= (long) v << (8 * b);
            }
            assertEquals(first < 8, Swar.jsonSpecialMarks(word) != 0, Long.toHexString(word));
            assertEquals(first, Swar.firstMarked(Swar.jsonSpecialMarks(word)), Long.toHexString(word));
        }
    }
}
