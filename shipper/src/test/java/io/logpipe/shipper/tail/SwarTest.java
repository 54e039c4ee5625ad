package io.logpipe.shipper.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
