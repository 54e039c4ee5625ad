package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Queues;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.Search.Doc;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * Files → shipper → Redis → indexer → Elasticsearch with the default key and index, as a user runs it: a
 * file present before the shipper starts (the sample log), two files written while it runs, stack traces
 * joined by the classic multiline rule, and a rename rotation in the middle of writing.
 */
class FilesToElasticsearchIT {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    private static final Duration START = Duration.ofSeconds(60);
    /** What Kubernetes puts in $HOSTNAME: the pod name, which events must carry as host.name. */
    private static final String POD = "web-7c9f4d-x2kq8";

    /** What one written event must look like once indexed. */
    private record Expected(String part, String message, Set<String> paths, long offset) {
    }

    @Test
    void everyEventOfRotatingFilesIsIndexedExactlyOnceWithItsFileHostAndTags() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("files");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        String run = "files" + System.nanoTime();
        List<Expected> expected = new ArrayList<>();

        // Present before the shipper starts: read from the beginning.
        String sample = sampleLog();
        Path samplePath = logs.resolve("sample.log");
        Files.writeString(samplePath, sample);
        long sampleOffset = 0;
        for (String event : AppLog.events(sample)) {
            expected.add(new Expected("sample.log, there before the shipper", event, Set.of(samplePath.toString()), sampleOffset));
            sampleOffset += (event + "\n").getBytes(StandardCharsets.UTF_8).length;
        }

        try (RedisServer redis = RedisServer.builder().build().start();
                ServiceProcess indexer = Services.indexer("indexer", work,
                        Services.indexerConfig(redis, es, "e2e-files-indexer", null), Map.of());
                ServiceProcess shipper = Services.shipper("shipper", work,
                        Services.merge(Services.shipperConfig(redis, work), Services.fileInput("app", logs + "/*.log")),
                        Map.of("HOSTNAME", POD))) {
            indexer.startReady(START);
            shipper.startReady(START);

            Path app = logs.resolve("app.log");
            Path rotated = logs.resolve("app.log.1");
            Path worker = logs.resolve("worker.log");
            long seq = 0;
            try (LineWriter workerLog = LineWriter.append(worker)) {
                LineWriter appLog = LineWriter.append(app);
                for (int i = 0; i < 600; i++) {
                    if (i == 300) {
                        // An application log lives for a while before it is rotated: a file created and renamed away
                        // between two scans is never seen under the glob (so it is with any glob-polling shipper).
                        Poll.until("the shipper reading app.log", START, Duration.ofMillis(100),
                                () -> search.countWhere("logstash-*", "log.file.path", app.toString()) > 0,
                                () -> "\n" + shipper.logTail(30));
                    }
                    seq = write("app.log before the rotation", appLog, run, seq, i % 7 == 0, Set.of(app.toString(), rotated.toString()), expected);
                    seq = write("worker.log", workerLog, run, seq, i % 11 == 0, Set.of(worker.toString()), expected);
                }
                // Rename rotation right after 300 more events (so the shipper is most likely behind): the application
                // still writes a few events to the renamed file, then reopens.
                appLog.renameTo(rotated);
                for (int i = 0; i < 20; i++) {
                    seq = write("app.log.1 after its rename", appLog, run, seq, i % 5 == 0, Set.of(app.toString(), rotated.toString()),
                            expected);
                }
                appLog.close();
                appLog = LineWriter.append(app);
                for (int i = 0; i < 600; i++) {
                    seq = write("the new app.log", appLog, run, seq, i % 7 == 3, Set.of(app.toString()), expected);
                    seq = write("worker.log", workerLog, run, seq, i % 13 == 0, Set.of(worker.toString()), expected);
                }
                appLog.close();
            }

            Queues queues = new Queues(redis, "logstash");
            try {
                Poll.until(expected.size() + " documents in logstash-*", Duration.ofSeconds(120), Duration.ofMillis(250),
                        () -> search.countOrUnavailable("logstash-*") >= expected.size() && queues.pendingOrUnavailable() == 0,
                        () -> " (have " + search.countOrUnavailable("logstash-*") + ", Redis holds " + queues.pendingOrUnavailable()
                                + ")\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));
            } catch (IllegalStateException timedOut) {
                // Go on: the comparison below says exactly which events are missing, which a count cannot.
                System.out.println("files: " + timedOut.getMessage());
            }
            assertEquals(0, queues.dead(), () -> "dead letters: " + queues.peek("{logstash}:dead", 5));
        }

        List<Doc> docs = search.all("logstash-*");
        List<String> messages = docs.stream().map(d -> d.text("message")).toList();
        Set<String> indexed = new HashSet<>(messages);
        Map<String, Long> missing = expected.stream().filter(e -> !indexed.contains(e.message()))
                .collect(Collectors.groupingBy(Expected::part, java.util.TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(), missing, "events never indexed, by where they were written");
        assertEquals(Map.of(), Search.duplicates(messages, 10), "events indexed more than once");
        assertEquals(expected.size(), docs.size(), "documents indexed");
        List<String> ids = docs.stream().map(d -> d.text("event.id")).toList();
        assertFalse(ids.contains(null), "every document has an event.id");
        assertEquals(docs.size(), new HashSet<>(ids).size(), "distinct event.id");

        Map<String, Expected> byMessage = new HashMap<>();
        expected.forEach(e -> byMessage.put(e.message(), e));
        for (Doc doc : docs) {
            Expected want = byMessage.get(doc.text("message"));
            assertNotNull(want, () -> "indexed an event that was never written: " + doc);
            assertEquals(doc.text("event.id"), doc.id(), "_id is the event.id");
            assertTrue(want.paths().contains(doc.text("log.file.path")), () -> "log.file.path of " + doc + ", want one of " + want.paths());
            assertEquals(want.offset(), doc.field("log.offset").asLong(-1), () -> "log.offset of " + doc);
            assertEquals(POD, doc.text("host.name"), "host.name is $HOSTNAME, the pod name on Kubernetes");
            assertEquals("app", doc.text("type"));
            assertEquals("payments", doc.text("fields.team"));
            boolean multiline = want.message().contains("\n");
            List<String> tags = doc.tags();
            assertTrue(tags.containsAll(List.of("e2e", "java")), () -> "tags of " + doc);
            assertEquals(multiline, tags.contains("multiline"), () -> "multiline tag of " + doc);
            assertEquals(multiline ? Set.of("e2e", "java", "multiline") : Set.of("e2e", "java"), Set.copyOf(tags),
                    () -> "no other tags on " + doc);
            String day = DAY.format(Instant.parse(doc.text("@timestamp")));
            assertEquals("logstash-" + day, doc.index(), () -> "daily index of " + doc);
        }
        Set<String> samplePaths = docs.stream().filter(d -> d.text("log.file.path").endsWith("sample.log"))
                .map(d -> d.text("message")).collect(Collectors.toSet());
        assertEquals(AppLog.events(sample).size(), samplePaths.size(), "the sample log's events");
        System.out.printf("files: %d events (%d multi-line) from 3 files and a rotation, host.name=%s, indices %s%n",
                docs.size(), expected.stream().filter(e -> e.message().contains("\n")).count(), POD, search.indices("logstash-*"));
    }

    private static long write(String part, LineWriter writer, String run, long seq, boolean error, Set<String> paths,
            List<Expected> expected) {
        List<String> lines = AppLog.event(run, seq, error);
        long[] offsets = writer.write(lines);
        expected.add(new Expected(part, AppLog.message(lines), paths, offsets[0]));
        return seq + 1;
    }

    static String sampleLog() throws IOException {
        try (InputStream in = FilesToElasticsearchIT.class.getResourceAsStream("/sample/app.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
