package io.logpipe.shipper.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.logpipe.common.Backoff;
import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.metrics.ShipperMetrics;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Encodes batches as JSON and sends them to Redis on its own thread, one at a time and in order, so
 * acknowledgements (and so registry offsets) advance in file order while the pipeline builds the next batch, and
 * the next batch is encoded while one is in flight. A list gets one variadic
 * {@code RPUSH key e1 .. eN} per batch; a channel one pipelined round of {@code PUBLISH} (no delivery guarantee).
 *
 * <p>A failed batch (Redis down, {@code OOM} because of maxmemory, timeout) is sent again with capped, jittered
 * backoff until it succeeds; meanwhile the small hand-over queue fills and the pipeline thread, blocked in
 * {@link #submit}, stops reading: memory stays bounded and nothing is dropped. With a congestion threshold the
 * list length is checked every congestion-interval and sending (so reading) waits while it is above it. A batch
 * Redis may have applied before failing (a timeout) is sent again: the duplicates carry the same event ids.
 *
 * <p>A list's {@code RPUSH} goes over the sink's own socket ({@link DirectRedis}) when the Redis connection is a
 * plain standalone one and {@code shipper.redis.direct-write} is on; otherwise, and for everything else, over
 * a connection of the Quarkus Redis client.
 */
public final class RedisSink {
    private static final Logger LOG = Logger.getLogger(RedisSink.class);
    /** Batches waiting while one is in flight; with the one being built that bounds buffered events. */
    static final int QUEUED_BATCHES = 2;
    /**
     * Batches sent and not yet answered, pipelined on the sink's one connection: Redis applies them in the order
     * sent (through the pool, two concurrent commands could take two connections and be applied the other way
     * round: seen as a file's events out of order in the list).
     */
    static final int IN_FLIGHT = 2;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Batch STOP = new Batch();

    private final Redis redis;
    /** Where a list's batches go directly, or null: through the client. */
    private final DirectRedis.Endpoint direct;
    private final EventWriter writer;
    private final String key;
    private final boolean list;
    private final long congestionThreshold;
    private final long congestionIntervalNanos;
    private final ShipperMetrics metrics;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile boolean aborted;
    private volatile Throwable crashed;
    /** Used by the sink thread only. */
    private RedisConnection connection;
    private DirectRedis directConnection;
    private final DirectRedis.Command command = new DirectRedis.Command();
    /** The batch whose RPUSH {@link #command} holds. */
    private Batch framed;
    private final byte[] keyBytes;
    private long nextCongestionCheck;

    /**
     * @param direct where to write a list's batches over the sink's own socket; empty: through {@code redis}
     */
    public RedisSink(Redis redis, Optional<DirectRedis.Endpoint> direct, EventWriter writer,
            ShipperConfig.Redis config, ShipperMetrics metrics, Backoff backoff, LongSupplier nanoTime) {
        this.redis = redis;
        this.writer = writer;
        this.key = config.key();
        this.list = config.dataType() == ShipperConfig.DataType.LIST;
        this.direct = list ? direct.orElse(null) : null;
        this.keyBytes = key.getBytes(StandardCharsets.UTF_8);
        this.congestionThreshold = config.congestionThreshold();
        this.congestionIntervalNanos = config.congestionInterval().toNanos();
        this.metrics = metrics;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.thread = new Thread(this::run, "shipper-redis-sink");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Where this sink writes its batches on its own socket, if it does (only a list's batches go there). */
    public Optional<DirectRedis.Endpoint> direct() {
        return Optional.ofNullable(direct);
    }

    /**
     * Hands over a finished batch, waiting up to {@code timeoutMillis} for room (no room: Redis is behind,
     * down or full, and the caller must not read more).
     *
     * @return false when there was no room in time; the caller keeps the batch and tries again
     */
    public boolean submit(Batch batch, long timeoutMillis) throws InterruptedException {
        if (crashed != null) {
            throw new IllegalStateException("the Redis sink thread died", crashed);
        }
        return queue.offer(batch, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** False once the sender thread died of an unexpected error. */
    public boolean alive() {
        return crashed == null;
    }

    /**
     * Sends what was handed over, waiting at most {@code grace}; what is still unsent then (Redis down) stays
     * unacknowledged, so the registry does not count it and it is read again after a restart.
     */
    public void close(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (thread.isAlive() && !queue.offer(STOP, 50, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - deadline > 0) {
                break;
            }
        }
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
            LOG.warnf("Redis did not take the last %d batch(es) within %s; they will be read again after restart",
                    queue.stream().filter(b -> b != STOP).count() + 1, grace);
            aborted = true;
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void run() {
        try {
            if (!awaitRedis()) {
                return;
            }
            // Up to IN_FLIGHT batches travel on one connection while the next is encoded; answers are taken in
            // sending order, so acknowledgements (and registry offsets) keep file order. Only when Redis refuses a
            // batch (OOM) and takes the one after it can a re-sent batch land after a later one; none is lost.
            Deque<Sent> inFlight = new ArrayDeque<>(IN_FLIGHT);
            while (!aborted) {
                Batch next = inFlight.isEmpty() ? queue.take() : queue.poll();
                if (next == null) {
                    // Nothing new to encode: wait for the oldest answer instead.
                    if (!settle(inFlight, inFlight.size() - 1)) {
                        return;
                    }
                    continue;
                }
                if (next == STOP) {
                    settle(inFlight, 0);
                    return;
                }
                encode(next);
                // A length check must see every batch sent before it applied, or the list could grow two
                // batches past the congestion threshold instead of one.
                if (!settle(inFlight, congestionCheckDue() ? 0 : IN_FLIGHT - 1)) {
                    return;
                }
                inFlight.addLast(new Sent(next, next.size() == 0 ? Reply.NONE : sendAsync(next)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crashed = t;
            LOG.error("the Redis sink stopped on an unexpected error; the shipper is no longer live", t);
        } finally {
            dropConnection();
        }
    }

    /** The sink's own connection, opened when needed (after a failure, a new one). */
    private RedisConnection connection() {
        if (connection == null) {
            connection = redis.connect().await().atMost(COMMAND_TIMEOUT);
        }
        return connection;
    }

    private void dropConnection() {
        if (directConnection != null) {
            directConnection.close();
            directConnection = null;
        }
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.closeAndForget();
            } catch (RuntimeException ignored) {
                // Closing a broken connection has nothing left to lose.
            }
        }
    }

    /** A batch handed to the connection, and its answer to come. */
    private record Sent(Batch batch, Reply reply) {
    }

    /** Redis's answer to a command sent, still to be taken. */
    @FunctionalInterface
    private interface Reply {
        Reply NONE = timeoutMillis -> {
        };

        /** Returns when Redis took the command; throws why not (also when no answer came in time). */
        void await(long timeoutMillis) throws Exception;

        static Reply of(CompletableFuture<?> future) {
            return timeoutMillis -> future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void encode(Batch batch) {
        if (direct != null) {
            frame(batch);
            return;
        }
        List<Event> events = batch.events();
        List<byte[]> json = new ArrayList<>(events.size());
        long bytes = 0;
        for (Event event : events) {
            byte[] encoded = writer.encode(event);
            json.add(encoded);
            bytes += encoded.length;
        }
        batch.encoded(json, bytes);
    }

    /**
     * The batch's {@code RPUSH} for the direct socket, each event's JSON framed straight from the writer's buffer:
     * one copy per event instead of three (an array per event, then the command), a tenth of the sink thread's
     * CPU. The command holds one batch at a time: a batch sent again after a failure is framed again.
     */
    private void frame(Batch batch) {
        List<Event> events = batch.events();
        command.start("RPUSH", events.size() + 1).arg(keyBytes);
        long bytes = 0;
        for (Event event : events) {
            int length = writer.encodeInPlace(event);
            command.arg(writer.buffer(), length);
            bytes += length;
        }
        batch.encoded(null, bytes);
        framed = batch;
    }

    /**
     * Settles the oldest batches in flight, in sending order, until at most {@code left} remain: waits for each
     * answer and, on failure, sends the batch again until Redis took it. False only when aborted at shutdown.
     */
    private boolean settle(Deque<Sent> inFlight, int left) throws InterruptedException {
        while (inFlight.size() > left) {
            Sent sent = inFlight.removeFirst();
            Throwable failure = await(sent.reply());
            if (failure != null && !deliver(sent.batch(), failure)) {
                return false;
            }
            acknowledged(sent.batch());
        }
        return true;
    }

    /**
     * Waits for Redis's answer: null when it took the command, else why not. After a failure the connection is
     * dropped: nothing more is sent on it, and what it still carries fails and is sent again.
     */
    private Throwable await(Reply reply) throws InterruptedException {
        try {
            reply.await(COMMAND_TIMEOUT.toMillis());
            return null;
        } catch (InterruptedException e) {
            throw e;
        } catch (ExecutionException e) {
            dropConnection();
            return e.getCause() == null ? e : e.getCause();
        } catch (Exception e) {
            dropConnection();
            return e;
        }
    }

    private void acknowledged(Batch batch) {
        if (backoff.failures() > 0) {
            backoff.reset();
        }
        batch.acknowledged();
        if (batch.size() > 0) {
            metrics.batches.increment();
            metrics.eventsShipped.increment(batch.size());
            metrics.bytesShipped.increment(batch.jsonBytes());
        }
    }

    /**
     * Asks Redis once before the first batch, so that a wrong password or a wrong address is reported at
     * start-up: an idle sidecar would otherwise stay silent until its app writes a line. Batches handed over
     * meanwhile wait in the bounded queue (reading pauses), as during any Redis outage.
     *
     * @return false only when aborted at shutdown
     */
    private boolean awaitRedis() throws InterruptedException {
        long lastLog = 0;
        while (!aborted) {
            try {
                redis.send(Request.cmd(Command.PING)).await().atMost(COMMAND_TIMEOUT);
                if (backoff.failures() > 0) {
                    LOG.infof("Redis answers after %d failed attempt(s); shipping starts", backoff.failures());
                    backoff.reset();
                }
                return true;
            } catch (RuntimeException e) {
                metrics.redisFailures.increment();
                Duration wait = backoff.next();
                long now = nanoTime.getAsLong();
                if (backoff.failures() == 1 || now - lastLog >= FAILURE_LOG_EVERY_NANOS) {
                    lastLog = now;
                    String reason = describe(e);
                    if (isAuthFailure(reason)) {
                        LOG.errorf("Redis refuses the shipper's credentials (%s): check quarkus.redis.password "
                                + "(QUARKUS_REDIS_PASSWORD) and the user in quarkus.redis.hosts; not ready, retrying with backoff",
                                reason);
                    } else {
                        LOG.warnf("Redis cannot be used at start-up (%s); not ready, retrying with backoff", reason);
                    }
                }
                Thread.sleep(wait.toMillis());
            }
        }
        return false;
    }

    static boolean isAuthFailure(String reason) {
        return reason.contains("WRONGPASS") || reason.contains("NOAUTH") || reason.contains("NOPERM")
                || reason.contains("invalid password") || reason.contains("invalid username-password");
    }

    /**
     * Sends a batch whose first attempt failed with {@code failure} again, with backoff, until Redis accepted it;
     * false only when aborted at shutdown.
     */
    private boolean deliver(Batch batch, Throwable failure) throws InterruptedException {
        long firstFailure = 0;
        long lastLog = 0;
        Throwable last = failure;
        while (!aborted) {
            metrics.redisFailures.increment();
            Duration wait = backoff.next();
            long now = nanoTime.getAsLong();
            if (backoff.failures() == 1) {
                firstFailure = now;
                lastLog = now;
                metrics.redisPauses.increment();
                metrics.paused.set(1);
                LOG.warnf("Redis did not take a batch of %d event(s) (%s); reading is paused, retrying with backoff",
                        batch.size(), describe(last));
            } else if (now - lastLog >= FAILURE_LOG_EVERY_NANOS) {
                lastLog = now;
                LOG.warnf("Redis still does not take the batch after %d attempts over %d s (%s); still retrying",
                        backoff.failures(), TimeUnit.NANOSECONDS.toSeconds(now - firstFailure), describe(last));
            }
            Thread.sleep(wait.toMillis());
            last = await(sendAsync(batch));
            if (last == null) {
                LOG.infof("Redis accepted the batch after %d failed attempt(s) over %d s; reading resumes",
                        backoff.failures(), TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - firstFailure));
                metrics.paused.set(0);
                return true;
            }
        }
        return false;
    }

    /** Sends the batch's JSON (after the congestion check); its reply is still to be taken. */
    private Reply sendAsync(Batch batch) throws InterruptedException {
        try {
            waitWhileCongested();
            if (direct != null) {
                return sendDirect(batch);
            }
            List<byte[]> events = batch.json();
            if (list) {
                Request rpush = Request.cmd(Command.RPUSH).arg(key);
                for (byte[] event : events) {
                    rpush.arg(event);
                }
                return Reply.of(connection().send(rpush).subscribeAsCompletionStage());
            }
            List<Request> publishes = new ArrayList<>(events.size());
            for (byte[] event : events) {
                publishes.add(Request.cmd(Command.PUBLISH).arg(key).arg(event));
            }
            return Reply.of(connection().batch(publishes).subscribeAsCompletionStage());
        } catch (RuntimeException e) {
            return Reply.of(CompletableFuture.failedFuture(e));
        }
    }

    /**
     * Writes the batch's {@code RPUSH} on the sink's own connection (opened when needed). The write returns once
     * the kernel took the bytes; the reply is read later, in order, by the returned {@link Reply} (a dropped
     * connection makes it fail, and the batch is sent again).
     */
    private Reply sendDirect(Batch batch) {
        try {
            if (directConnection == null) {
                directConnection = DirectRedis.open(direct, COMMAND_TIMEOUT);
            }
            DirectRedis connection = directConnection;
            if (framed != batch) {
                frame(batch);
            }
            connection.write(command);
            return timeoutMillis -> connection.readReply();
        } catch (IOException e) {
            return timeoutMillis -> {
                throw e;
            };
        }
    }

    private boolean congestionCheckDue() {
        return list && congestionThreshold > 0 && nanoTime.getAsLong() - nextCongestionCheck >= 0;
    }

    private void waitWhileCongested() throws InterruptedException {
        if (!congestionCheckDue()) {
            return;
        }
        boolean paused = false;
        while (true) {
            Response length = redis.send(Request.cmd(Command.LLEN).arg(key)).await().atMost(COMMAND_TIMEOUT);
            long len = length == null ? 0 : length.toLong();
            if (len <= congestionThreshold) {
                if (paused) {
                    LOG.infof("Redis list %s is down to %d; reading resumes", key, len);
                    metrics.paused.set(0);
                }
                nextCongestionCheck = nanoTime.getAsLong() + congestionIntervalNanos;
                return;
            }
            if (!paused) {
                paused = true;
                metrics.congestionPauses.increment();
                metrics.paused.set(1);
                LOG.infof("Redis list %s holds %d items, above congestion-threshold %d; reading is paused", key, len,
                        congestionThreshold);
            }
            if (aborted) {
                throw new IllegalStateException("aborted while congested");
            }
            // Interval 0 means "check before every batch"; waiting still needs a pace.
            Thread.sleep(Math.max(50, TimeUnit.NANOSECONDS.toMillis(congestionIntervalNanos)));
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
