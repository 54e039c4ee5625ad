package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Garbage in the files must not stop the shipper, fill its memory or drop anything silently. */
class BadInputTest {

    @Test
    void binaryGarbageAndInvalidUtf8AreShippedWithReplacementCharactersWhileOtherFilesKeepFlowing() {
        byte[] garbage = new byte[1 << 20];
        new Random(42).nextBytes(garbage);
        garbage[garbage.length - 1] = '\n';
        int expectedEvents = nonEmptyLines(garbage);
        try (FileScenario s = FileScenario.create("garbage"); LogCapture log = new LogCapture()) {
            s.start();
            s.appendBytes("garbage.log", garbage);
            s.append("good.log", lines("good", 0, 100));
            s.waitUntilShipped("garbage.log");
            s.waitUntilShipped("good.log");
            List<JsonNode> events = s.events();
            List<String> good = events.stream().map(e -> e.get("message").asText()).filter(m -> m.startsWith("good-"))
                    .toList();
            assertEquals(lines("good", 0, 100), good);
            long fromGarbage = events.stream().filter(e -> e.at("/log/file/path").asText().endsWith("garbage.log")).count();
            assertEquals(expectedEvents, fromGarbage, "one event per non-empty line of garbage");
            assertTrue(events.stream().anyMatch(e -> e.get("message").asText().contains("\uFFFD")));
            assertTrue(log.contains("WARN", "garbage.log has bytes that are not UTF-8"), log.lines().toString());
        }
    }

    private static int nonEmptyLines(byte[] bytes) {
        int count = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int length = i - start;
                if (length > 0 && bytes[i - 1] == '\r') {
                    length--;
                }
                if (start == 0 && length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                        && (bytes[2] & 0xFF) == 0xBF) {
                    length -= 3;
                }
                if (length > 0) {
                    count++;
                }
                start = i + 1;
            }
        }
        return count;
    }

    @Test
    void aFiftyMegabyteLineWithoutNewlineIsShippedInPiecesWhileOtherFilesKeepFlowing() {
        int size = 50_000_000;
        int piece = 1024 * 1024;
        try (FileScenario s = FileScenario.create("huge-line"); LogCapture log = new LogCapture()) {
            s.start();
            byte[] chunk = new byte[1_000_000];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < size / chunk.length; i++) {
                s.appendBytes("huge.log", chunk);
            }
            s.append("good.log", lines("good", 0, 10));
            s.waitUntilShipped("good.log");
            s.waitUntilOffset("huge.log", (long) (size / piece) * piece);
            assertEquals(size / piece, s.llen() - 10, "every full piece shipped, the rest held until its newline");
            s.append("huge.log", "");
            s.waitUntilShipped("huge.log");
            List<JsonNode> pieces = new ArrayList<>();
            for (JsonNode e : s.events()) {
                if (e.at("/log/file/path").asText().endsWith("huge.log")) {
                    pieces.add(e);
                }
            }
            assertEquals(size / piece + 1, pieces.size());
            long total = 0;
            for (JsonNode p : pieces) {
                assertEquals("[\"split_line\"]", p.get("tags").toString());
                assertTrue(p.get("message").asText().length() <= piece);
                total += p.get("message").asText().length();
            }
            assertEquals(size, total, "nothing dropped");
            assertTrue(log.contains("WARN", "longer than max-line-bytes"), log.lines().toString());
        }
    }

    @Test
    void aGlobMatchingNothingIsLoggedAndOtherInputsKeepFlowing() {
        try (FileScenario s = FileScenario.create("empty-glob"); LogCapture log = new LogCapture()) {
            s.set("inputs.missing.paths", s.dir().resolve("no-such-dir") + "/*.log");
            s.start();
            s.append("app.log", lines("app", 0, 5));
            s.assertShippedExactly(lines("app", 0, 5), "app.log");
            assertTrue(log.contains("WARN", "input missing: " + s.dir().resolve("no-such-dir") + "/*.log matches no file"),
                    log.lines().toString());
        }
    }

    @Test
    void stdinLinesAreShippedWithoutFileFields() {
        byte[] input = "from stdin\n\nsecond\nunterminated".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FileScenario s = FileScenario.create("stdin")) {
            s.set("stdin.enabled", "true");
            ByteArrayOutputStream debug = new ByteArrayOutputStream();
            s.set("debug-output", "true");
            s.start(new java.io.PrintStream(debug, true), new java.io.ByteArrayInputStream(input));
            s.waitFor("3 stdin events", java.time.Duration.ofSeconds(30), () -> s.llen() >= 3);
            List<JsonNode> events = s.events();
            assertEquals(List.of("from stdin", "second", "unterminated"),
                    events.stream().map(e -> e.get("message").asText()).toList());
            assertTrue(events.stream().noneMatch(e -> e.has("log")));
            assertEquals(3, events.stream().map(e -> e.at("/event/id").asText()).distinct().count());
            String printed = debug.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(printed.contains("\"message\" : \"from stdin\""), printed);
        }
    }
}
