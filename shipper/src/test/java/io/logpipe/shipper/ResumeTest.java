package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Where reading starts and resumes: partial lines, restarts, start-position. */
class ResumeTest {

    @Test
    void aPartialLastLineIsHeldUntilItsNewlineArrives() {
        try (FileScenario s = FileScenario.create("partial")) {
            s.start();
            s.append("app.log", "complete");
            s.appendPartial("app.log", "half");
            s.waitUntilOffset("app.log", "complete\n".length());
            s.append("other.log", "marker");
            s.waitUntilShipped("other.log");
            assertEquals(List.of("complete", "marker"), s.messages(), "the half line is not shipped");
            assertEquals("complete\n".length(), s.registryOffset("app.log"));
            s.appendPartial("app.log", " and the rest");
            s.append("other.log", "marker 2");
            s.waitUntilShipped("other.log");
            assertEquals(List.of("complete", "marker", "marker 2"), s.messages());
            s.append("app.log", "");
            s.waitUntilShipped("app.log");
            assertEquals(List.of("complete", "marker", "marker 2", "half and the rest"), s.messages());
        }
    }

    @Test
    void aFileArrivesInRedisInItsOwnOrder() {
        try (FileScenario s = FileScenario.create("order")) {
            // Many small batches: two batches sent at once on a pooled client could overtake each other.
            s.set("redis.batch-size", "20");
            s.append("app.log", lines("line", 0, 40_000));
            s.start();
            s.waitUntilShipped("app.log");
            List<String> expected = lines("line", 0, 40_000);
            List<String> got = s.messages();
            int first = 0;
            while (first < Math.min(expected.size(), got.size()) && expected.get(first).equals(got.get(first))) {
                first++;
            }
            assertEquals(expected.size(), first, "in file order up to " + first + " of " + got.size() + " shipped: "
                    + got.subList(first, Math.min(got.size(), first + 3)));
        }
    }

    @Test
    void aRestartResumesAtTheStoredOffset() {
        try (FileScenario s = FileScenario.create("restart")) {
            s.append("app.log", lines("a", 0, 1000));
            s.start();
            s.waitUntilShipped("app.log");
            s.stop();
            s.append("app.log", lines("b", 0, 500));
            s.append("new.log", lines("c", 0, 10));
            s.start();
            s.waitUntilShipped("app.log");
            s.waitUntilShipped("new.log");
            List<String> messages = s.messages();
            List<String> expected = new ArrayList<>(lines("a", 0, 1000));
            expected.addAll(lines("b", 0, 500));
            assertEquals(expected, messages.stream().filter(m -> !m.startsWith("c-")).toList());
            assertEquals(lines("c", 0, 10), messages.stream().filter(m -> m.startsWith("c-")).toList(),
                    "a file created while the shipper was down is read from its beginning");
        }
    }

    @Test
    void linesOfAPendingMultilineEventAreReadAgainAfterARestart() {
        try (FileScenario s = FileScenario.create("restart-multiline")) {
            s.set("inputs.app.multiline.pattern", "^\\s");
            s.set("inputs.app.multiline.flush-interval", "1h");
            s.append("app.log", "one", "two", "Exception", "  at a");
            s.start();
            s.waitUntilOffset("app.log", "one\ntwo\n".length());
            assertEquals(List.of("one", "two"), s.messages());
            s.stop();
            assertEquals("one\ntwo\n".length(), s.registryOffset("app.log"), "the pending event is not in the registry");
            s.append("app.log", "  at b", "three");
            s.start();
            s.waitUntilOffset("app.log", s.size("app.log") - "three\n".length());
            assertEquals(List.of("one", "two", "Exception\n  at a\n  at b"), s.messages());
        }
    }

    @Test
    void startPositionEndSkipsWhatFilesHeldAtStartUp() {
        try (FileScenario s = FileScenario.create("start-end")) {
            s.set("inputs.app.start-position", "end");
            s.append("app.log", lines("old", 0, 20));
            s.start();
            s.waitUntilShipped("app.log");
            s.append("app.log", lines("new", 0, 5));
            s.waitUntilShipped("app.log");
            assertEquals(lines("new", 0, 5), s.messages());
        }
    }

    @Test
    void startPositionBeginningShipsWhatFilesHeldAtStartUp() {
        try (FileScenario s = FileScenario.create("start-beginning")) {
            s.set("inputs.app.start-position", "beginning");
            s.append("app.log", lines("old", 0, 20));
            s.start();
            s.append("app.log", lines("new", 0, 5));
            List<String> expected = new ArrayList<>(lines("old", 0, 20));
            expected.addAll(lines("new", 0, 5));
            s.assertShippedExactly(expected, "app.log");
        }
    }

    @Test
    void startPositionAppliesOnlyToAnInputsFirstRun() {
        try (FileScenario s = FileScenario.create("start-first-run")) {
            s.set("inputs.app.start-position", "end");
            s.append("app.log", lines("before-first-start", 0, 3));
            s.start();
            s.waitUntilShipped("app.log");
            s.stop();
            s.append("rotated-in.log", lines("while-down", 0, 3));
            s.start();
            s.waitUntilShipped("rotated-in.log");
            assertEquals(lines("while-down", 0, 3), s.messages());
        }
    }
}
