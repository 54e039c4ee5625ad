package io.logpipe.indexer.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command's arguments: all optional, anything else refused rather than ignored. */
class ReplayCommandTest {
    @Test
    void withoutArgumentsEverythingIsReplayed() {
        assertEquals(new ReplayCommand.Options(Long.MAX_VALUE, false), ReplayCommand.Options.parse());
    }

    @Test
    void limitAndDryRunInAnyOrderAndEitherSpelling() {
        assertEquals(new ReplayCommand.Options(5, true), ReplayCommand.Options.parse("--limit", "5", "--dry-run"));
        assertEquals(new ReplayCommand.Options(7, true), ReplayCommand.Options.parse("--dry-run", "--limit=7"));
    }

    @Test
    void aLimitThatIsNotAPositiveNumberIsRefused() {
        for (String[] args : new String[][] {{"--limit"}, {"--limit", "0"}, {"--limit=-3"}, {"--limit", "ten"}, {"--limit="}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(args));
            assertTrue(e.getMessage().startsWith("--limit takes a positive number"), e.getMessage());
        }
    }

    @Test
    void anUnknownArgumentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse("--dryrun"));
        assertEquals("unknown argument '--dryrun'", e.getMessage());
    }
}
