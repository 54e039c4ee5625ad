package io.logpipe.shipper.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DownwardApiFileTest {

    @Test
    void readsTheKubeletsLabelsFileWithKeysAsTheyAre() {
        // As the kubelet writes it: sorted, key="value" per line, no newline after the last.
        String text = "app=\"web\"\napp.kubernetes.io/name=\"web\"\npod-template-hash=\"7c9f4d\"";
        assertEquals(Map.of("app", "web", "app.kubernetes.io/name", "web", "pod-template-hash", "7c9f4d"),
                DownwardApiFile.parse(text, "labels"));
    }

    @Test
    void unquotesGoEscapesInValues() {
        // Go's %q: C escapes, x-escapes for bytes, u- and U-escapes for characters; printable non-ASCII stays.
        String text = "a=\"say \\\"hi\\\"\\n\\tback\\\\slash\"\n"
                + "b=\"\\x41\\u00e9\\U0001F600 é\"\n"
                + "c=\"\\a\\b\\f\\r\\v\\101\"\n"
                + "d=\"\"\n"
                + "e=\"{\\\"json\\\":[1,2]}\"\n";
        Map<String, String> m = DownwardApiFile.parse(text, "annotations");
        assertEquals("say \"hi\"\n\tback\\slash", m.get("a"));
        assertEquals("Aé\uD83D\uDE00 é", m.get("b"));
        assertEquals("\u0007\b\f\r\u000BA", m.get("c"));
        assertEquals("", m.get("d"));
        assertEquals("{\"json\":[1,2]}", m.get("e"));
    }

    @Test
    void bytesFromHexEscapesAreDecodedAsUtf8() {
        assertEquals("é", DownwardApiFile.parse("k=\"\\xc3\\xa9\"", "f").get("k"));
        assertEquals("\uFFFD", DownwardApiFile.parse("k=\"\\xff\"", "f").get("k"));
    }

    @Test
    void aMalformedLineIsRefusedWithItsFileAndLine() {
        String[] bad = {"ok=\"1\"\nnot a pair", "ok=\"1\"\nk=unquoted", "ok=\"1\"\nk=\"bad \\q escape\"",
            "ok=\"1\"\nk=\"cut \\x4\"", "ok=\"1\"\nk=\"inner \" quote\""};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DownwardApiFile.parse(text, "/etc/podinfo/labels"), text);
            assertTrue(e.getMessage().startsWith("/etc/podinfo/labels line 2: "), e.getMessage());
        }
    }

    @Test
    void anEmptyFileIsAPodWithoutLabels() {
        assertEquals(Map.of(), DownwardApiFile.parse("", "labels"));
    }
}
