package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.bulk.DeadLetterLog;
import io.logpipe.indexer.bulk.DeadLetters;
import io.logpipe.indexer.index.DocumentBuilder;
import io.logpipe.indexer.index.IndexPattern;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;

/**
 * {@code java -jar quarkus-run.jar replay-dead-letters} against a real Redis: dead letters of every shape (deeply
 * nested, text, several megabytes) go back to the queue as the elements they were, oldest first, and a replay
 * killed with SIGKILL half-way loses and doubles nothing: run again, it finishes the job.
 */
class ReplayDeadLettersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
    private static final DocumentBuilder BUILDER = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"),
            "create", CLOCK);
    private static final DeadLetters DEAD_LETTERS = new DeadLetters(JSON.getFactory(), new DeadLetterLog(JSON.getFactory()));
    private static final String ERROR = "{\"type\":\"document_parsing_exception\",\"reason\":\"failed to parse field [log.offset]\"}";
    private static final Duration RUN = Duration.ofMinutes(3);

    private final RedisServer redis = SharedServers.redis();
    private final Stores stores = new Stores(redis, null);

    /** The entry the indexer writes for {@code element}, refused with a 400. */
    private static String entryOf(String element) {
        return DEAD_LETTERS.entry(BUILDER.build(element.getBytes(StandardCharsets.UTF_8)), 400, ERROR, null, CLOCK.instant());
    }

    /** An entry as an indexer whose parser allows any depth writes it: the element embedded as raw JSON. */
    private static String rawEntryOf(String element) {
        return "{\"event\":" + element + ",\"index\":\"logstash-2026.11.24\",\"status\":400,\"error\":" + ERROR
                + ",\"@timestamp\":\"2026-11-25T08:00:00.000Z\"}";
    }

    /** An object nested {@code 2 * depth + 1} levels deep, with brackets and quotes inside its innermost string. */
    private static String deep(int depth, String id) {
        return "{\"id\":\"" + id + "\",\"a\":" + "[{\"a\":".repeat(depth) + "\"}]{[\\\"\"" + "}]".repeat(depth) + "}";
    }

    private Map<String, String> config(String key) {
        stores.redis("DEL", key, key + ":dead");
        return Map.of("quarkus.redis.hosts", redis.url(), "indexer.redis.key", key, "indexer.dead-letter-key", key + ":dead");
    }

    private static int run(String name, Map<String, String> config, String... args) throws InterruptedException {
        try (ReplayProcess replay = ReplayProcess.start(name, config, args)) {
            int code = replay.awaitExit(RUN);
            System.out.println("[it] " + name + " exited " + code + ":\n" + tail(replay.output()));
            return code;
        }
    }

    private static String output(String name) throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of("target", "it-logs", name + ".log"));
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    @Test
    void deeplyNestedTextAndHugeDeadLettersGoBackByteForByteOldestFirst() throws Exception {
        String key = "it-replay-bytes";
        Map<String, String> config = config(key);
        List<String> elements = List.of(
                Events.event("replay", "replay-1", "2026-11-24T10:00:00.000Z", 1),
                "plain text ü 😀 \" \\ \n\t\u0001 {\"not\": json",
                deep(400, "embedded-as-an-object"),
                deep(5000, "deep-object"),
                "[".repeat(5000) + "]".repeat(5000),
                "{\"message\":" + JSON.writeValueAsString("x\"\\é😀\n".repeat(700_000)) + ",\"event\":{\"id\":\"huge\"}}",
                "huge text é😀\n".repeat(400_000),
                deep(6000, "raw-deep"));
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < elements.size() - 1; i++) {
            entries.add(entryOf(elements.get(i)));
        }
        entries.add(rawEntryOf(elements.get(elements.size() - 1)));
        assertTrue(entries.get(2).startsWith("{\"event\":{\"id\":\"embedded-as-an-object\""), "801 levels: raw in the entry");
        stores.push(key, List.of("already queued"));
        stores.push(key + ":dead", entries);

        assertEquals(0, run("replay-bytes-dry", config, "replay-dead-letters", "--dry-run"));
        String dry = output("replay-bytes-dry");
        assertTrue(dry.contains(key + ":dead: 8 entries; a replay would move 8 to the tail of " + key), dry);
        // per reason: the events with a @timestamp of the 24th, and those the indexer dated "now" (text, too deep)
        assertTrue(dry.contains("2  index=logstash-2026.11.24, status=400, error=document_parsing_exception"), dry);
        assertTrue(dry.contains("6  index=logstash-2026.11.25, status=400, error=document_parsing_exception"), dry);
        assertEquals(entries, stores.range(key + ":dead"), "a dry run changes nothing");
        assertEquals(List.of("already queued"), stores.range(key));

        assertEquals(0, run("replay-bytes-limit", config, "replay-dead-letters", "--limit", "2"));
        assertEquals(List.of("already queued", elements.get(0), elements.get(1)), stores.range(key));
        assertEquals(entries.subList(2, 8), stores.range(key + ":dead"));

        assertEquals(0, run("replay-bytes-rest", config, "replay-dead-letters"));
        List<String> expected = new ArrayList<>(List.of("already queued"));
        expected.addAll(elements);
        List<String> queue = stores.range(key);
        assertEquals(expected.size(), queue.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), queue.get(i), "element " + i + " comes back as it was");
        }
        assertEquals(0, stores.llen(key + ":dead"));
        assertTrue(output("replay-bytes-rest").contains("6 entries; replayed 6 to the tail of " + key + " (oldest first), 0 left"));
    }

    @Test
    void aReplayKilledMidWayLosesNothingAndASecondRunFinishesIt() throws Exception {
        String key = "it-replay-kill";
        Map<String, String> config = config(key);
        int count = 40_000;
        List<String> elements = new ArrayList<>(count);
        List<String> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String element;
            if (i % 10_000 == 100) {
                element = "huge text " + i + " " + "é😀\"\\\n".repeat(500_000);
            } else if (i % 10_000 == 200) {
                element = deep(3000, "deep-" + i);
            } else if (i % 7 == 3) {
                element = "text " + i + " é";
            } else {
                element = Events.event("kill", "kill-" + i, "2026-11-24T10:00:00.000Z", i);
            }
            elements.add(element);
            entries.add(i % 10_000 == 200 ? rawEntryOf(element) : entryOf(element));
        }
        stores.push(key + ":dead", entries);

        int left;
        try (ReplayProcess replay = ReplayProcess.start("replay-kill-1", config, "replay-dead-letters")) {
            Poll.until("the replay under way", RUN, Duration.ofMillis(2), () -> {
                if (!replay.alive()) {
                    throw new IllegalStateException("the replay ended before it could be killed:\n" + replay.output());
                }
                return stores.llen(key + ":dead") <= count - 3000;
            });
            replay.kill9();
            left = (int) stores.llen(key + ":dead");
            System.out.println("[it] killed the replay with " + left + " of " + count + " entries left");
        }
        assertTrue(left > 0, "killed mid-way, not after the end");
        // Killed at any point: the first entries are back as elements, the rest still dead letters, none in between.
        List<String> queue = stores.range(key);
        assertEquals(count, queue.size() + left, "every element is in exactly one of the two lists");
        assertEquals(elements.subList(0, queue.size()), queue);
        assertEquals(entries.subList(queue.size(), count), stores.range(key + ":dead"));

        assertEquals(0, run("replay-kill-2", config, "replay-dead-letters"));
        assertEquals(0, stores.llen(key + ":dead"));
        Map<String, Integer> seen = new HashMap<>();
        for (String element : stores.range(key)) {
            seen.merge(element, 1, Integer::sum);
        }
        for (int i = 0; i < count; i++) {
            assertTrue(seen.getOrDefault(elements.get(i), 0) >= 1, "element " + i + " is back in the queue");
        }
        assertEquals(count, stores.llen(key), "and none twice");
    }

    @Test
    void anUnreadableEntryStopsTheReplayAndStaysAtTheHead() throws Exception {
        String key = "it-replay-unreadable";
        Map<String, String> config = config(key);
        String good = Events.event("unreadable", "unreadable-1", "2026-11-24T10:00:00.000Z", 1);
        List<String> entries = List.of(entryOf(good), "{\"event\":{\"cut\":", entryOf("after"));
        stores.push(key + ":dead", entries);

        assertEquals(1, run("replay-unreadable", config, "replay-dead-letters"));
        assertTrue(output("replay-unreadable").contains("cannot be read"), output("replay-unreadable"));
        assertEquals(List.of(good), stores.range(key));
        assertEquals(entries.subList(1, 3), stores.range(key + ":dead"));
    }

    @Test
    void badArgumentsAndUnknownCommandsStopWithoutTouchingAnything() throws Exception {
        String key = "it-replay-args";
        Map<String, String> config = config(key);
        stores.push(key + ":dead", List.of(entryOf("x")));
        assertEquals(2, run("replay-args-limit", config, "replay-dead-letters", "--limit", "0"));
        assertTrue(output("replay-args-limit").contains("--limit takes a positive number"));
        assertEquals(2, run("replay-args-command", config, "replay-deadletters"));
        assertTrue(output("replay-args-command").contains("unknown command 'replay-deadletters'"));
        assertEquals(1, stores.llen(key + ":dead"));
        assertEquals(0, stores.llen(key));
    }
}
