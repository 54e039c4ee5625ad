package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A file the shipper may not read. Root reads any file whatever its mode, so when the build runs as root the
 * packaged shipper is started as {@code nobody} (see {@link FileScenario#startProcess(boolean, boolean)}), where
 * {@code chmod 000} really denies the read.
 */
class UnreadableFileIT {

    @Test
    void anUnreadableFileIsReportedOnceWhileOthersFlowAndIsReadOnceItBecomesReadable() throws Exception {
        try (FileScenario s = FileScenario.create("unreadable")) {
            s.append("secret.log", lines("secret", 0, 10));
            Files.setPosixFilePermissions(s.file("secret.log"), PosixFilePermissions.fromString("---------"));
            s.startProcess(false, true);
            s.append("open.log", lines("open", 0, 10));
            s.waitUntilShipped("open.log");
            s.append("open.log", lines("open", 10, 20));
            s.waitUntilShipped("open.log");
            assertEquals(lines("open", 0, 20), s.messages(), "the other file flows");
            String warning = "cannot read " + s.file("secret.log") + ": permission denied";
            assertEquals(1, s.processLog().lines().filter(l -> l.contains(warning)).count(),
                    "one clear warning, not one per scan:\n" + s.processLog());

            Files.setPosixFilePermissions(s.file("secret.log"), PosixFilePermissions.fromString("rw-r--r--"));
            s.waitUntilShipped("secret.log");
            List<String> expected = new ArrayList<>(lines("open", 0, 20));
            expected.addAll(lines("secret", 0, 10));
            assertEquals(expected, s.messages());
            assertTrue(s.health("live") == 200);
        }
    }
}
