package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Pace;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * Time from a line being written to it being searchable, at 2,000 lines per second: the test writes, and at
 * the same time polls Elasticsearch (without forcing a refresh) for the offsets it has not seen yet. The
 * figures are printed, not held to a tight bound: they depend on the machine. What is asserted is that
 * every line arrives, and that the median stays in the range of the one-second refresh interval.
 */
class LatencyIT {
    private static final int LINES_PER_SECOND = 2_000;
    private static final int SECONDS = 20;
    private static final int LINES = LINES_PER_SECOND * SECONDS;
    private static final String KEY = "e2e-latency";
    private static final String PATTERN = "e2e-latency-*";
    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void linesWrittenAtTwoThousandPerSecondBecomeSearchableWithinAboutASecond() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("latency");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        String run = "latency" + System.nanoTime();
        long[] writtenAt = new long[LINES];
        long[] offsets = new long[LINES];
        Map<Long, Integer> seqByOffset = new HashMap<>(LINES * 2);
        long[] searchableAt = new long[LINES];

        try (RedisServer redis = RedisServer.builder().build().start();
                ServiceProcess indexer = Services.indexer("indexer", work,
                        Services.merge(Services.indexerConfig(redis, es, "e2e-latency-indexer", "e2e-latency-%{+YYYY.MM.dd}"),
                                Map.of("indexer.redis.key", KEY)), Map.of());
                ServiceProcess shipper = Services.shipper("shipper", work,
                        Services.merge(Services.shipperConfig(redis, work), Services.fileInput("app", logs + "/*.log"),
                                Map.of("shipper.redis.key", KEY)), Map.of())) {
            indexer.startReady(START);
            shipper.startReady(START);
            // A first line, waited for, so file discovery and start-up are not part of the figure.
            LineWriter app = LineWriter.append(logs.resolve("app.log"));
            app.write(AppLog.line(run, 99_999_999));
            Poll.until("the warm-up line searchable", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> search.countOrUnavailable(PATTERN) == 1, () -> "\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));

            // 20 lines every 10 ms; the time of a line is when its write returned.
            CompletableFuture<Void> writer = Pace.start(LINES, LINES_PER_SECOND, 100, () -> Long.MAX_VALUE, (first, count) -> {
                List<String> lines = new ArrayList<>(count);
                for (int i = first; i < first + count; i++) {
                    lines.add(AppLog.line(run, i));
                }
                long[] starts = app.write(lines);
                long now = System.nanoTime();
                synchronized (seqByOffset) {
                    for (int i = 0; i < count; i++) {
                        writtenAt[first + i] = now;
                        offsets[first + i] = starts[i];
                        seqByOffset.put(starts[i], first + i);
                    }
                }
            }).whenComplete((done, failed) -> app.close());

            int[] watermark = {0};
            int[] seen = {0};
            Poll.until(LINES + " lines searchable", Duration.ofSeconds(SECONDS + 90), Duration.ofMillis(50), () -> {
                pollNewlySearchable(search, watermark, seen, offsets, seqByOffset, searchableAt);
                return seen[0] == LINES;
            }, () -> " (" + seen[0] + " seen, first missing line " + watermark[0] + ")\n" + shipper.logTail(30) + "\n"
                    + indexer.logTail(30));
            writer.get(1, TimeUnit.MINUTES);
        }

        double[] millis = new double[LINES];
        for (int i = 0; i < LINES; i++) {
            millis[i] = (searchableAt[i] - writtenAt[i]) / 1e6;
        }
        Arrays.sort(millis);
        double p50 = percentile(millis, 50);
        double p99 = percentile(millis, 99);
        System.out.printf("latency: %d lines at %d/s, written -> searchable: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms"
                + " (poll every 50 ms, refresh interval 1 s)%n", LINES, LINES_PER_SECOND, p50, percentile(millis, 90), p99,
                millis[LINES - 1]);
        assertEquals(LINES + 1, search.count(PATTERN), "documents (with the warm-up line)");
        assertTrue(p50 < 5_000, "median latency " + p50 + " ms is far beyond the 1 s refresh interval");
    }

    /** One round of searches for documents at or after the first offset not seen yet, paged by offset. */
    private static void pollNewlySearchable(Search search, int[] watermark, int[] seen, long[] offsets,
            Map<Long, Integer> seqByOffset, long[] searchableAt) {
        long from;
        synchronized (seqByOffset) {
            while (watermark[0] < LINES && searchableAt[watermark[0]] != 0) {
                watermark[0]++;
            }
            if (watermark[0] >= LINES || offsets[watermark[0]] == 0) {
                return;
            }
            from = offsets[watermark[0]];
        }
        Object after = null;
        while (true) {
            String body = "{\"size\":5000,\"_source\":false,\"sort\":[{\"log.offset\":\"asc\"}],"
                    + "\"query\":{\"range\":{\"log.offset\":{\"gte\":" + from + "}}}"
                    + (after == null ? "" : ",\"search_after\":[" + after + "]") + "}";
            JsonNode hits;
            try {
                hits = search.search(PATTERN, body).path("hits").path("hits");
            } catch (RuntimeException notYet) {
                return;
            }
            long now = System.nanoTime();
            synchronized (seqByOffset) {
                for (JsonNode hit : hits) {
                    long offset = hit.path("sort").path(0).asLong();
                    Integer seq = seqByOffset.get(offset);
                    if (seq != null && searchableAt[seq] == 0) {
                        searchableAt[seq] = now;
                        seen[0]++;
                    }
                    after = offset;
                }
            }
            if (hits.size() < 5000) {
                return;
            }
        }
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
