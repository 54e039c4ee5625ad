package io.logpipe.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class Utf8SequencesTest {
    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void wellFormedBytesNeedNoRepair() {
        byte[] text = "κόσμε \u20ac \uD83D\uDE00 \uFFFD".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8Sequences.isValid(text));
        assertNull(Utf8Sequences.repaired(text));
        assertNull(Utf8Sequences.repaired(new byte[0]));
    }

    @Test
    void repairReplacesEachMaximalInvalidSubpartWithTheBytesOfOneReplacementCharacter() {
        String fffd = "efbfbd";
        assertFalse(Utf8Sequences.isValid(hex("61ff62")));
        assertArrayEquals(hex("61" + fffd + "62"), Utf8Sequences.repaired(hex("61ff62")));
        assertArrayEquals(hex("22" + fffd.repeat(4) + "22"), Utf8Sequences.repaired(hex("22edb981c322")),
                "an encoded surrogate's three bytes and a truncated lead: four, as the shipper decodes files");
        assertArrayEquals(hex(fffd + fffd), Utf8Sequences.repaired(hex("c0af")), "an overlong slash");
        assertArrayEquals(hex(fffd + "61"), Utf8Sequences.repaired(hex("e28261")), "a truncated sequence");
        assertArrayEquals(hex("e282ac" + fffd), Utf8Sequences.repaired(hex("e282acf0")), "valid, then cut at the end");
    }
}
