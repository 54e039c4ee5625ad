package io.logpipe.shipper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {
    @TempDir
    Path dir;

    private Set<String> found(Discovery d) {
        return d.scan().values().stream().map(c -> dir.relativize(c.path()).toString()).collect(Collectors.toSet());
    }

    private Path touch(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name + "\n");
        return p;
    }

    @Test
    void globsWithExcludesByNameAndByPath() throws IOException {
        touch("a.log");
        touch("a.log.1.gz");
        touch("sub/b.log");
        touch("sub/deep/c.log.2");
        touch("skip/d.log");
        touch("other.txt");
        Discovery d = new Discovery(List.of(new Discovery.InputGlobs("app", List.of(Glob.ofPath(dir + "/**/*.log*")),
                List.of(Glob.ofPath(dir + "/skip/**")), List.of(Glob.ofName("*.gz")))));
        assertEquals(Set.of("a.log", "sub/b.log", "sub/deep/c.log.2"), found(d));
    }

    @Test
    void oneFileUnderTwoNamesIsFoundOnceAndTheFirstInputWins() throws IOException {
        Path real = touch("app.log");
        Files.createLink(dir.resolve("hard.log"), real);
        Files.createSymbolicLink(dir.resolve("link.txt"), real);
        Discovery d = new Discovery(List.of(
                new Discovery.InputGlobs("first", List.of(Glob.ofPath(dir + "/*.txt")), List.of(), List.of()),
                new Discovery.InputGlobs("second", List.of(Glob.ofPath(dir + "/*.log")), List.of(), List.of())));
        Map<FileKey, Discovery.Candidate> found = d.scan();
        assertEquals(1, found.size());
        Discovery.Candidate c = found.values().iterator().next();
        assertEquals("first", c.input());
        assertEquals(dir.resolve("link.txt"), c.path(), "a symlinked file is followed");
    }

    @Test
    void aRenameKeepsTheIdentityAndANewFileAtTheOldPathHasAnother() throws IOException {
        Path p = touch("app.log");
        Discovery d = new Discovery(List.of(new Discovery.InputGlobs("app", List.of(Glob.ofPath(dir + "/app.log*")),
                List.of(), List.of())));
        FileKey before = d.scan().keySet().iterator().next();
        Files.move(p, dir.resolve("app.log.1"));
        touch("app.log");
        Map<FileKey, Discovery.Candidate> after = d.scan();
        assertEquals(dir.resolve("app.log.1"), after.get(before).path());
        assertEquals(2, after.size());
    }

    @Test
    void directoriesFifosAndMissingBasesAreNotFiles() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("dir.log"));
        new ProcessBuilder("mkfifo", dir.resolve("fifo.log").toString()).start().waitFor();
        Discovery d = new Discovery(List.of(
                new Discovery.InputGlobs("app", List.of(Glob.ofPath(dir + "/*.log"), Glob.ofPath(dir + "/none/*.log")),
                        List.of(), List.of())));
        assertEquals(Set.of(), found(d));
    }
}
