package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Redis shared through a directory: leases, the last user stops it, leases of dead processes do not count. */
class SharedServerTest {
    @TempDir
    Path dir;

    @Test
    void theSecondUserFindsTheServerAndTheLastOneStopsIt() throws Exception {
        SharedServer first = SharedServer.redis(dir);
        SharedServer second = SharedServer.redis(dir);
        assertTrue(first.startedHere());
        assertFalse(second.startedHere());
        assertEquals(first.pid(), second.pid());
        assertEquals(first.port(), second.port());
        assertEquals(2, second.users());
        try (Resp resp = Resp.connect(first.port(), null)) {
            resp.call("RPUSH", "kept", "x");
        }

        first.close();
        assertTrue(alive(second.pid()), "still used by the second");
        assertEquals(1, second.users());
        second.close();
        Poll.until("redis to stop", Duration.ofSeconds(30), Duration.ofMillis(50), () -> !alive(second.pid()));
        assertFalse(Files.exists(dir.resolve("server.properties")));
        assertEquals(0, leases());

        // Append-only data stays for the next run.
        try (SharedServer again = SharedServer.redis(dir); Resp resp = Resp.connect(again.port(), null)) {
            assertTrue(again.startedHere());
            assertEquals(java.util.List.of("x"), resp.call("LRANGE", "kept", "0", "-1"));
        }
    }

    @Test
    void aServerWhoseUsersAreGoneIsReusedAndALeaseOfADeadProcessDoesNotCount() throws Exception {
        SharedServer crashed = SharedServer.redis(dir);
        long pid = crashed.pid();
        // The holder "was killed -9": its lease stays behind, naming a process that has exited.
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        try (Stream<Path> leases = Files.list(dir.resolve("leases"))) {
            for (Path lease : leases.toList()) {
                String text = Files.readString(lease).replaceAll("(?m)^pid=\\d+$", "pid=" + dead.pid());
                Files.writeString(lease, text);
            }
        }

        SharedServer next = SharedServer.redis(dir);
        assertFalse(next.startedHere(), "the running server is reused");
        assertEquals(pid, next.pid());
        assertEquals(1, next.users(), "the dead holder's lease was dropped");
        next.close();
        Poll.until("redis to stop", Duration.ofSeconds(30), Duration.ofMillis(50), () -> !alive(pid));
        crashed.close(); // its lease is already gone: nothing to do, nothing fails
    }

    private int leases() throws IOException {
        try (Stream<Path> leases = Files.list(dir.resolve("leases"))) {
            return (int) leases.count();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
