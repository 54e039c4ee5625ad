package io.logpipe.indexer.bulk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;

import io.logpipe.common.Backoff;
import io.logpipe.indexer.index.Document;

/**
 * Indexes one batch of documents until every one is settled: indexed (2xx, or 409 = already there) or
 * dead-lettered (refused for good). DESIGN.md, "Bulk".
 *
 * <ul>
 * <li>Items answered 429 or 5xx are sent again, only those, after a backoff.</li>
 * <li>A request without an answer (connection refused, timeout) or answered 429/5xx/401/403/... as a whole is sent
 * again after a backoff.</li>
 * <li>A request answered 413 (too large) or 400 (malformed) as a whole is split in halves, recursively, so one bad
 * or huge document cannot hold the others back; a single document answered so is dead-lettered.</li>
 * </ul>
 * The loop only gives up when {@link Pacing#giveUp()} says so (shutdown past its grace period); the caller then
 * leaves the batch where it is, for recovery.
 *
 * <p>Not thread-safe: one per worker (it reuses its body buffer and backoff).
 */
public final class BulkIndexer {
    private static final Logger LOG = Logger.getLogger(BulkIndexer.class);

    private final BulkTransport transport;
    private final BulkReply reply;
    private final DeadLetters deadLetters;
    private final Backoff backoff;
    private final Pacing pacing;
    private final BulkMetrics metrics;
    private final Clock clock;
    private final BulkBody body = new BulkBody();
    private final BulkBody subset = new BulkBody();

    /** The end state of one batch. */
    public static final class Result {
        private final List<String> deadLetters = new ArrayList<>();
        private boolean abandoned;
        private int indexed;

        /** Entries for the dead-letter list, to be written together with the batch's removal. */
        public List<String> deadLetters() {
            return deadLetters;
        }

        /** True when the loop gave up (shutdown): some documents may not be indexed; keep the batch. */
        public boolean abandoned() {
            return abandoned;
        }

        /** Documents now in Elasticsearch (including those that already were). */
        public int indexed() {
            return indexed;
        }
    }

    private static final class Item {
        final Document doc;
        final int start;
        final int end;
        boolean settled;

        Item(Document doc, int start, int end) {
            this.doc = doc;
            this.start = start;
            this.end = end;
        }
    }

    /** What one round of requests found. */
    private static final class Round {
        String failure;
        int indexed;
        int already;
        int dead;
    }

    /** @param deadLetterLog the process's one log of dead letters (rate-limited per reason across workers) */
    public BulkIndexer(BulkTransport transport, JsonFactory json, Backoff backoff, Pacing pacing, BulkMetrics metrics,
            Clock clock, DeadLetterLog deadLetterLog) {
        this.transport = transport;
        this.reply = new BulkReply(json);
        this.deadLetters = new DeadLetters(json, deadLetterLog);
        this.backoff = backoff;
        this.pacing = pacing;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Result index(List<Document> docs) {
        Result result = new Result();
        body.reset();
        List<Item> pending = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            if (doc.indexProblem() != null) {
                result.deadLetters.add(deadLetters.invalidIndex(doc, clock.instant()));
                metrics.deadLettered(1);
                continue;
            }
            int start = body.size();
            body.actionLine(doc.action(), doc.index(), doc.id(), doc.pipeline());
            body.sourceLine(doc.source(), doc.sourceHasLineBreaks());
            pending.add(new Item(doc, start, body.size()));
        }
        int attempt = 0;
        while (!pending.isEmpty()) {
            pacing.step();
            if (pacing.giveUp()) {
                result.abandoned = true;
                return result;
            }
            Round round = new Round();
            attempt(pending, round, result);
            metrics.indexed(round.indexed);
            metrics.alreadyIndexed(round.already);
            metrics.deadLettered(round.dead);
            result.indexed += round.indexed + round.already;
            List<Item> left = new ArrayList<>();
            for (Item item : pending) {
                if (!item.settled) {
                    left.add(item);
                }
            }
            pending = left;
            if (pending.isEmpty()) {
                if (attempt > 0) {
                    LOG.infof("bulk: all items settled after %d retries", attempt);
                }
                backoff.reset();
                break;
            }
            attempt++;
            Duration wait = backoff.next();
            if (round.failure != null) {
                LOG.warnf("bulk request failed (%s); %d items wait %d ms (attempt %d)", round.failure, pending.size(),
                        wait.toMillis(), attempt);
            } else {
                LOG.debugf("bulk: %d items answered 429/5xx; retrying in %d ms", pending.size(), wait.toMillis());
            }
            metrics.retried(pending.size());
            if (!pacing.pause(wait)) {
                result.abandoned = true;
                return result;
            }
        }
        return result;
    }

    /** Sends {@code items} (all unsettled) as one request; returns false when a request failed as a whole. */
    private boolean attempt(List<Item> items, Round round, Result result) {
        BulkTransport.Reply answer;
        long begin = System.nanoTime();
        try {
            answer = send(items);
        } catch (IOException | RuntimeException e) {
            metrics.request(System.nanoTime() - begin, false);
            round.failure = "no answer from Elasticsearch: " + e;
            return false;
        }
        metrics.request(System.nanoTime() - begin, true);
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return settle(items, answer.body(), round, result);
        }
        if (status == 413 || status == 400) {
            if (items.size() == 1) {
                Item item = items.get(0);
                dead(item, status, answer.body(), round, result);
                return true;
            }
            int half = items.size() / 2;
            return attempt(items.subList(0, half), round, result) && attempt(items.subList(half, items.size()), round, result);
        }
        round.failure = "HTTP " + status + ": " + abbreviate(answer.body());
        return false;
    }

    private boolean settle(List<Item> items, byte[] answer, Round round, Result result) {
        boolean allOk;
        try {
            allOk = reply.parse(answer, items.size());
        } catch (IOException e) {
            round.failure = "unreadable bulk answer: " + e.getMessage();
            return false;
        }
        if (allOk) {
            for (Item item : items) {
                item.settled = true;
            }
            round.indexed += items.size();
            return true;
        }
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            int status = reply.statuses[i];
            switch (Outcome.of(status)) {
                case DONE -> {
                    item.settled = true;
                    if (status == 409) {
                        round.already++;
                    } else {
                        round.indexed++;
                    }
                }
                case DEAD -> {
                    item.settled = true;
                    round.dead++;
                    result.deadLetters.add(deadLetters.entry(item.doc, status, reply.errors[i],
                            reply.errors[i] == null ? "HTTP " + status : null, clock.instant()));
                }
                case RETRY -> {
                    // stays unsettled: sent again after the backoff
                }
            }
        }
        return true;
    }

    private void dead(Item item, int status, byte[] answer, Round round, Result result) {
        String text = new String(answer, StandardCharsets.UTF_8).trim();
        boolean json = text.startsWith("{") && text.endsWith("}");
        item.settled = true;
        round.dead++;
        result.deadLetters.add(deadLetters.entry(item.doc, status, json ? text : null,
                text.isEmpty() ? "HTTP " + status : text, clock.instant()));
    }

    private BulkTransport.Reply send(List<Item> items) throws IOException {
        Item first = items.get(0);
        Item last = items.get(items.size() - 1);
        boolean contiguous = true;
        for (int i = 1; i < items.size() && contiguous; i++) {
            contiguous = items.get(i).start == items.get(i - 1).end;
        }
        if (contiguous) {
            return transport.post(body.array(), first.start, last.end - first.start);
        }
        subset.reset();
        for (Item item : items) {
            subset.append(body.array(), item.start, item.end - item.start);
        }
        return transport.post(subset.array(), 0, subset.size());
    }

    private static String abbreviate(byte[] answer) {
        String text = new String(answer, 0, Math.min(answer.length, 300), StandardCharsets.UTF_8);
        return answer.length > 300 ? text + "…" : text;
    }
}
