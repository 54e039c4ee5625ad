package io.logpipe.shipper.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class Utf8Test {
    private static String decode(String hex, boolean expectInvalid) {
        byte[] b = HexFormat.of().parseHex(hex);
        boolean[] invalid = new boolean[1];
        String s = Utf8.decode(b, 0, b.length, invalid);
        assertEquals(expectInvalid, invalid[0], hex);
        return s;
    }

    @Test
    void eachMaximalInvalidSubpartBecomesOneReplacement() {
        assertEquals("foo \uFFFD\uFFFD\uFFFD\uFFFD", decode("666f6f20edb981c3", true));
        assertEquals("\uFFFD\uFFFD\uFFFD", decode("eda080", true), "an encoded surrogate");
        assertEquals("\uFFFD\uFFFD", decode("c0af", true), "an overlong slash");
        assertEquals("\uFFFDa", decode("e282" + "61", true), "a truncated sequence followed by ASCII");
        assertEquals("\uFFFD", decode("f4908080".substring(0, 2), true));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", decode("f4908080", true), "above U+10FFFF");
    }

    @Test
    void validInputIsDecodedAsIs() {
        String text = "κόσμε \u20ac \uD83D\uDE00 \uFFFD";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        boolean[] invalid = new boolean[1];
        assertEquals(text, Utf8.decode(b, 0, b.length, invalid));
        assertFalse(invalid[0], "an encoded U+FFFD is valid input");
        assertTrue(Utf8.decode(new byte[] {(byte) 0xff}, 0, 1, invalid).equals("\uFFFD") && invalid[0]);
    }

    @Test
    void checkAgreesWithTheDecoderOnWhatIsValid() {
        java.util.Random random = new java.util.Random(7);
        byte[][] pieces = {{'a'}, {(byte) 0xc3, (byte) 0xa9}, {(byte) 0xe2, (byte) 0x82, (byte) 0xac},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff},
            {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xef, (byte) 0xbf, (byte) 0xbd}};
        for (int i = 0; i < 20000; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int n = random.nextInt(6); n > 0; n--) {
                out.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] b = out.toByteArray();
            boolean[] invalid = new boolean[1];
            String decoded = Utf8.decode(b, 0, b.length, invalid);
            int kind = Utf8.check(b, 0, b.length);
            assertEquals(invalid[0], kind == Utf8.INVALID, HexFormat.of().formatHex(b));
            boolean ascii = true;
            for (byte x : b) {
                ascii &= x >= 0;
            }
            assertEquals(ascii, kind == Utf8.ASCII, HexFormat.of().formatHex(b));
            if (kind != Utf8.INVALID) {
                assertEquals(new String(b, StandardCharsets.UTF_8), decoded);
            }
        }
    }
}
