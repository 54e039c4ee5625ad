package io.logpipe.shipper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starStaysWithinOneDirectory() {
        Glob g = Glob.ofPath("/var/log/app/*.log");
        assertTrue(g.matches("/var/log/app/a.log"));
        assertFalse(g.matches("/var/log/app/sub/a.log"));
        assertFalse(g.matches("/var/log/app/a.log.1"));
        assertEquals(Path.of("/var/log/app"), g.base());
        assertEquals(1, g.maxDepth());
    }

    @Test
    void doubleStarMatchesZeroOrMoreDirectories() {
        Glob g = Glob.ofPath("/var/log/**/*.log");
        assertTrue(g.matches("/var/log/a.log"));
        assertTrue(g.matches("/var/log/x/a.log"));
        assertTrue(g.matches("/var/log/x/y/z/a.log"));
        assertFalse(g.matches("/var/logs/a.log"));
        assertEquals(Path.of("/var/log"), g.base());
        assertEquals(Integer.MAX_VALUE, g.maxDepth());
        assertTrue(Glob.ofPath("/data/**").matches("/data/a/b/c"));
    }

    @Test
    void bracesClassesAndQuestionMarks() {
        Glob g = Glob.ofPath("/l/app-?.{log,txt}");
        assertTrue(g.matches("/l/app-1.log"));
        assertTrue(g.matches("/l/app-2.txt"));
        assertFalse(g.matches("/l/app-12.log"));
        Glob c = Glob.ofPath("/l/[!a]*.log");
        assertTrue(c.matches("/l/b.log"));
        assertFalse(c.matches("/l/a.log"));
    }

    @Test
    void regexCharactersInFileNamesAreLiteral() {
        Glob g = Glob.ofPath("/l/a+b (1).log");
        assertTrue(g.matches("/l/a+b (1).log"));
        assertFalse(g.matches("/l/aab (1).log"));
        assertEquals(1, g.maxDepth());
    }

    @Test
    void aWildcardInAMiddleDirectoryWalksFromAboveIt() {
        Glob g = Glob.ofPath("/var/*/app/*.log");
        assertEquals(Path.of("/var"), g.base());
        assertEquals(3, g.maxDepth());
        assertTrue(g.matches("/var/pod1/app/x.log"));
    }

    @Test
    void nameGlobsMatchFileNames() {
        Glob g = Glob.ofName("*.gz");
        assertTrue(g.matches("app.log.1.gz"));
        assertFalse(g.matches("app.log"));
    }
}
