package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The packaged shipper killed with SIGKILL in the middle of a big file, then started again. */
class CrashRecoveryIT {
    private static final int TOTAL = 500_000;

    @Test
    void killedInTheMiddleOfABigFileEveryLineArrivesAndEveryDuplicateCarriesAnIdAlreadyThere() throws Exception {
        try (FileScenario s = FileScenario.create("kill-9")) {
            // Small batches so the kill lands while batches are in flight; a registry interval far longer than a
            // batch takes, so that the crash loses recent offsets and lines are pushed twice (the whole file takes
            // the shipper only a second or two).
            s.set("redis.batch-size", "100");
            s.set("registry.flush-interval", "200ms");
            List<String> all = lines("line", 0, TOTAL);
            for (int i = 0; i < TOTAL; i += 10_000) {
                s.append("big.log", all.subList(i, i + 10_000));
            }
            s.startProcess(true, false);
            s.waitFor("the shipper to be in the middle of the file, with offsets stored", Duration.ofSeconds(60),
                    () -> s.llen() >= 50_000 && s.registryOffset("big.log") > 0);
            s.killProcess();
            long atKill = s.llen();
            assertTrue(atKill < TOTAL, "killed in the middle: " + atKill + " of " + TOTAL + " shipped");
            long storedAtKill = s.registryOffset("big.log");
            s.startProcess(true, false);
            s.waitUntilOffset("big.log", s.size("big.log"), Duration.ofSeconds(120));
            assertTrue(s.processLog().contains("from offset " + storedAtKill + ": resuming at the acknowledged offset"),
                    s.processLog());

            Map<String, Set<String>> idsByMessage = new HashMap<>();
            List<JsonNode> events = s.events();
            for (JsonNode e : events) {
                idsByMessage.computeIfAbsent(e.get("message").asText(), m -> new HashSet<>()).add(e.at("/event/id").asText());
            }
            assertEquals(new HashSet<>(all), idsByMessage.keySet(), "every line is in Redis");
            idsByMessage.forEach((message, ids) -> assertEquals(1, ids.size(), message + " was pushed with ids " + ids));
            long distinctIds = idsByMessage.values().stream().flatMap(Set::stream).distinct().count();
            assertEquals(TOTAL, distinctIds);
            int exit = s.stopProcess();
            assertTrue(exit == 0 || exit == 143, "SIGTERM is a clean stop, exit " + exit);
            assertTrue(s.processLog().contains("shipper stopped; registry written"), s.processLog());
            assertEquals(s.size("big.log"), s.registryOffset("big.log"));
            System.out.printf("kill -9 at %d of %d events in Redis, registry at byte %d: %d duplicate(s) after restart,"
                    + " all with the id of the first copy%n", atKill, TOTAL, storedAtKill, events.size() - TOTAL);
        }
    }
}
