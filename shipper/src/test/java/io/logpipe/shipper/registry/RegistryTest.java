package io.logpipe.shipper.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logpipe.shipper.discover.FileKey;
import io.logpipe.shipper.discover.Fingerprint;

class RegistryTest {
    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void acknowledgedOffsetsSurviveAReopen() throws IOException {
        Path file = dir.resolve("sub/registry.json");
        Registry r = Registry.open(file, now::get);
        FileKey key = new FileKey(2049, 77);
        RegistryEntry e = r.create(key, Path.of("/l/a.log"), "app", 0, 0, null);
        e.acknowledge(0, 120, new Fingerprint(10, 0xfeedL));
        r.rememberInput("app");
        r.flush();
        Registry again = Registry.open(file, now::get);
        RegistryEntry loaded = again.get(key);
        assertEquals(120, loaded.offset());
        assertEquals(new Fingerprint(10, 0xfeedL), loaded.fingerprint());
        assertEquals("/l/a.log", loaded.path());
        assertTrue(again.knowsInput("app"));
        assertFalse(again.knowsInput("other"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void acknowledgementsOfAnOlderGenerationOrAnEarlierOffsetAreIgnored() throws IOException {
        Registry r = Registry.open(dir.resolve("r.json"), now::get);
        RegistryEntry e = r.create(new FileKey(1, 2), Path.of("/a"), "app", 0, 0, null);
        e.acknowledge(0, 500, null);
        e.acknowledge(0, 400, null);
        assertEquals(500, e.offset());
        e.acknowledge(1, 0, null);
        assertEquals(0, e.offset());
        assertEquals(1, e.generation());
        e.acknowledge(0, 900, null);
        assertEquals(0, e.offset(), "a late ack from before the truncation does not move the new generation");
    }

    @Test
    void aCorruptRegistryIsMovedAsideAndTheShipperStartsWithout() throws IOException {
        Path file = dir.resolve("registry.json");
        Files.writeString(file, "{\"version\":1,\"files\":[{\"dev");
        Registry r = Registry.open(file, now::get);
        assertNull(r.get(new FileKey(1, 2)));
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("registry.json.corrupt-")));
        }
    }

    @Test
    void filesUnseenForTheTimeToLiveAreForgottenUnlessStillOpen() throws IOException {
        Registry r = Registry.open(dir.resolve("r.json"), now::get);
        FileKey gone = new FileKey(1, 1);
        FileKey open = new FileKey(1, 2);
        r.create(gone, Path.of("/gone"), "app", 5, 0, null);
        r.create(open, Path.of("/open"), "app", 5, 0, null);
        now.addAndGet(1000);
        assertEquals(0, r.prune(1000, Set.of()));
        now.addAndGet(1);
        assertEquals(1, r.prune(1000, Set.of(open)));
        assertNull(r.get(gone));
        assertEquals(5, r.get(open).offset());
    }

    @Test
    void nothingIsWrittenWhenNothingChanged() throws IOException {
        Path file = dir.resolve("r.json");
        Registry r = Registry.open(file, now::get);
        r.create(new FileKey(1, 1), Path.of("/a"), "app", 5, 0, null);
        r.flush();
        long modified = Files.getLastModifiedTime(file).toMillis();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified - 10_000));
        r.flush();
        assertEquals(modified - 10_000, Files.getLastModifiedTime(file).toMillis());
    }
}
