package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Files that are renamed, truncated, deleted or created while the shipper reads them. */
class RotationTest {

    @Test
    void renamedFileIsReadToItsEndBeforeItIsLetGoWhileLinesAreWrittenAtAHighRate() throws IOException {
        try (FileScenario s = FileScenario.create("rename-rotation")) {
            s.start();
            int perFile = 20_000;
            int afterRename = 2_000;
            int rotations = 4;
            List<String> expected = new ArrayList<>();
            List<String> rotated = new ArrayList<>();
            int n = 0;
            for (int r = 0; r < rotations; r++) {
                OutputStream out = s.writer("app.log");
                n = write(out, n, perFile, expected);
                // Real rotation happens long after the shipper found the file (an unseen file renamed out of the
                // globs is never read, by any shipper).
                s.waitUntilDiscovered("app.log");
                // logrotate's rename: the logger keeps writing to the old file until it reopens its log.
                String name = "app.log." + (r + 1);
                s.rename("app.log", name);
                rotated.add(name);
                n = write(out, n, afterRename, expected);
                s.closeWriter("app.log");
            }
            n = write(s.writer("app.log"), n, perFile, expected);
            s.closeWriter("app.log");
            for (String name : rotated) {
                s.waitUntilShipped(name);
            }
            s.waitUntilShipped("app.log");
            List<String> messages = s.messages();
            assertEquals(expected.size(), messages.size(), "no line lost, none duplicated");
            assertEquals(new HashSet<>(expected), new HashSet<>(messages));
            assertInOrderPerFile(messages);
        }
    }

    /** Lines are numbered in writing order; within one file they must stay in that order. */
    private static void assertInOrderPerFile(List<String> messages) {
        List<Integer> numbers = messages.stream().map(m -> Integer.parseInt(m.substring(m.indexOf('-') + 1))).toList();
        int inversions = 0;
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) < numbers.get(i - 1)) {
                inversions++;
            }
        }
        // A rotated file's tail may be interleaved with the new file's head, nothing else.
        assertTrue(inversions <= 8, inversions + " places where the order goes back");
    }

    private static int write(OutputStream out, int from, int count, List<String> expected) throws IOException {
        StringBuilder chunk = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            String line = "line-" + i;
            expected.add(line);
            chunk.append(line).append('\n');
            if (chunk.length() > 4096) {
                out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                chunk.setLength(0);
            }
        }
        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return from + count;
    }

    @Test
    void copyTruncateIsReadAgainFromTheStart() {
        try (FileScenario s = FileScenario.create("copy-truncate")) {
            s.start();
            s.append("app.log", lines("first", 0, 1000));
            s.waitUntilShipped("app.log");
            // logrotate copytruncate: copy away (not matched by the globs), then truncate in place.
            s.copy("app.log", s.dir().resolve("app.log.1"));
            s.truncate("app.log");
            s.append("app.log", lines("second", 0, 300));
            s.waitUntilShipped("app.log", 1);
            List<String> expected = new ArrayList<>(lines("first", 0, 1000));
            expected.addAll(lines("second", 0, 300));
            assertEquals(expected, s.messages());
        }
    }

    @Test
    void copyTruncateFollowedByMoreWritesThanBeforeIsSeenByTheChangedFirstLine() {
        try (FileScenario s = FileScenario.create("copy-truncate-regrown")) {
            s.start();
            s.append("app.log", lines("first", 0, 100));
            s.waitUntilShipped("app.log");
            // Truncated and grown past the old offset before the shipper looks: the size alone cannot tell.
            s.truncate("app.log");
            s.append("app.log", lines("second-longer-lines", 0, 400));
            s.waitUntilShipped("app.log", 1);
            List<String> expected = new ArrayList<>(lines("first", 0, 100));
            expected.addAll(lines("second-longer-lines", 0, 400));
            assertEquals(expected, s.messages());
            List<String> ids = s.events().stream().map(e -> e.at("/event/id").asText()).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), "the rewritten content gets ids of its own");
        }
    }

    @Test
    void deletedFileStillBeingWrittenIsReadToItsEndAndThenClosed() throws IOException {
        try (FileScenario s = FileScenario.create("delete-while-open")) {
            s.start();
            OutputStream out = s.writer("app.log");
            List<String> expected = new ArrayList<>();
            long bytes = 0;
            for (String line : lines("before", 0, 5000)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                bytes += line.length() + 1;
                expected.add(line);
            }
            out.flush();
            s.waitUntilDiscovered("app.log");
            s.delete("app.log");
            for (String line : lines("after", 0, 5000)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                bytes += line.length() + 1;
                expected.add(line);
            }
            s.closeWriter("app.log");
            s.waitUntilOffset("app.log", bytes);
            assertEquals(expected, s.messages());
            s.waitFor("the shipper to close the deleted file", Duration.ofSeconds(10), () -> !holdsDeleted(s.logs()));
        }
    }

    /** Whether this JVM still has a deleted file of {@code dir} open (which keeps its disk space). */
    private static boolean holdsDeleted(Path dir) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith(dir.toString()) && target.endsWith("(deleted)");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFileAppearingAfterStartIsReadFromItsBeginningEvenWithStartPositionEnd() throws IOException {
        try (FileScenario s = FileScenario.create("late-file")) {
            s.set("inputs.app.paths", s.logs() + "/**/*.log");
            s.set("inputs.app.start-position", "end");
            s.start();
            s.waitUntilScanned("app");
            Files.createDirectories(s.logs().resolve("sub/deeper"));
            s.append("sub/deeper/late.log", lines("late", 0, 50));
            s.append("top.log", lines("top", 0, 50));
            s.waitUntilShipped("sub/deeper/late.log");
            s.waitUntilShipped("top.log");
            List<String> messages = s.messages();
            assertEquals(100, messages.size());
            assertEquals(new HashSet<>(Stream.concat(lines("late", 0, 50).stream(), lines("top", 0, 50).stream()).toList()),
                    new HashSet<>(messages));
        }
    }
}
