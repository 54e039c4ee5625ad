package io.logpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DecimalTest {
    @Test
    void writesWhatLongToStringWritesAtEveryNumberOfDigitsAndBeyondAnInt() {
        List<Long> values = new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE,
                (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE));
        for (long p = 10; p <= 1_000_000_000_000_000_000L; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1));
        }
        for (long v = 0; v < 100_000; v++) {
            values.add(v);
        }
        Random random = new Random(20261125);
        for (int i = 0; i < 10_000; i++) {
            values.add(i % 2 == 0 ? (long) random.nextInt(Integer.MAX_VALUE) : random.nextLong());
        }
        byte[] out = new byte[3 + Decimal.MAX_LENGTH + 3];
        for (long value : values) {
            out[2] = 'x';
            int end = Decimal.write(value, out, 3);
            assertEquals(Long.toString(value), new String(out, 3, end - 3, StandardCharsets.US_ASCII));
            assertEquals('x', out[2], "nothing written before the index");
        }
    }
}
