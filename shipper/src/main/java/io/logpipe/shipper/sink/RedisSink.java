package io.logpipe.shipper.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.logpipe.common.Backoff;
import io.logpipe.common.queue.ShardNames;
import io.logpipe.common.resp.RedisEndpoint;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.common.resp.RespCommand;
import io.logpipe.common.resp.RespConnection;
import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.metrics.ShipperMetrics;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Makes batches (whose events are encoded to JSON as they are added) and sends them to Redis on the caller's thread (the pipeline's), in order, with up to
 * {@link #IN_FLIGHT} sent batches waiting for their answers while the next one is read and encoded; answers are
 * taken in sending order, so acknowledgements (and so registry offsets) advance in file order (only when Redis
 * refuses a batch, {@code OOM}, and takes the one after it can the re-sent batch land after a later one; none is
 * lost). A list gets one variadic {@code RPUSH key e1 .. eN} per batch; a channel one pipelined round of
 * {@code PUBLISH} (no delivery guarantee). Not thread-safe: one thread sends and settles; only {@link #abort} may
 * come from another.
 *
 * <p>Why no thread of its own: a hand-over to a sender thread cost more than it saved. On 2 cores shared with
 * Redis, three busy threads (reader, sender, Redis) queue for the cores, and every batch crossed cores twice (its
 * events to the sender, its answer back); reading, encoding and sending on one thread shipped 6-11% more events per
 * second in the benchmark's contest, and a sidecar now takes at most about one core.
 *
 * <p>A failed batch (Redis down, {@code OOM} because of maxmemory, timeout) is sent again with capped, jittered
 * backoff until it succeeds; meanwhile {@link #send} (or {@link #settle}) does not return, so the pipeline stops
 * reading: memory stays bounded and nothing is dropped. With a congestion threshold the list length is checked
 * every congestion-interval and sending (so reading) waits while it is above it. A batch Redis may have applied
 * before failing (a timeout) is sent again: the duplicates carry the same event ids.
 *
 * <p>A list's {@code RPUSH} goes over the sink's own socket ({@link RespConnection}) when the Redis connection is
 * plain {@code redis://} and {@code shipper.redis.direct-write} is on (on a Redis Cluster, one socket per primary,
 * routed by the key's slot: {@link RedisRoutes}); otherwise, and for everything else, over a connection of the
 * Quarkus Redis client.
 *
 * <p>With {@code shards} > 1 the batches go to the queue's lists in turn, so one busy shipper spreads over all the
 * cluster's primaries; each list still gets a file's events in order. With {@code wait-replicas} > 0 each
 * {@code RPUSH} is followed, on the same connection, by {@code WAIT}: a batch counts as taken only once that many
 * replicas have it, else it is sent again (its events keep their ids, so a copy that did arrive is harmless).
 */
public final class RedisSink {
    private static final Logger LOG = Logger.getLogger(RedisSink.class);
    /**
     * Batches sent and not yet answered, pipelined on the sink's one connection: Redis applies them in the order
     * sent (through the pool, two concurrent commands could take two connections and be applied the other way
     * round: seen as a file's events out of order in the list).
     */
    static final int IN_FLIGHT = 2;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** A spare command larger than this (grown for huge events) is not kept. */
    private static final int MAX_SPARE_COMMAND_BYTES = 8 * 1024 * 1024;
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Redis redis;
    /** Where a list's batches go directly, or null: through the client. */
    private final RedisRoutes direct;
    private final EventWriter writer;
    /** The queue's lists: the key alone, or its shards. */
    private final List<String> keys;
    private final List<byte[]> keyBytes;
    private final int waitReplicas;
    private final long waitTimeoutMillis;
    private final RespCommand waitCommand;
    private int nextShard;
    private final boolean list;
    private final long congestionThreshold;
    private final long congestionIntervalNanos;
    private final ShipperMetrics metrics;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    /** Sent batches waiting for their answers, oldest first. */
    private final Deque<Sent> inFlight = new ArrayDeque<>(IN_FLIGHT);
    private volatile boolean aborted;
    /** Redis answered the start-up check. */
    private boolean answered;
    private RedisConnection connection;
    /** The sink's own sockets, one per Redis node it writes to. */
    private final Map<RedisEndpoint, RespConnection> directConnections = new HashMap<>();
    /** Commands of acknowledged batches, for the next ones (a batch's RPUSH is some 250 KB: not made anew each). */
    private final Deque<RespCommand> spareCommands = new ArrayDeque<>(IN_FLIGHT + 1);
    private long nextCongestionCheck;

    /**
     * @param direct where to write a list's batches over the sink's own socket; empty: through {@code redis}
     */
    public RedisSink(Redis redis, Optional<RedisRoutes> direct, EventWriter writer,
            ShipperConfig.Redis config, ShipperMetrics metrics, Backoff backoff, LongSupplier nanoTime) {
        this.redis = redis;
        this.writer = writer;
        this.keys = ShardNames.of(config.key(), config.shards());
        this.keyBytes = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.list = config.dataType() == ShipperConfig.DataType.LIST;
        this.direct = list ? direct.orElse(null) : null;
        this.waitReplicas = config.waitReplicas();
        this.waitTimeoutMillis = config.waitTimeout().toMillis();
        this.waitCommand = new RespCommand().start("WAIT").arg(Integer.toString(waitReplicas))
                .arg(Long.toString(waitTimeoutMillis));
        if (!list && (keys.size() > 1 || waitReplicas > 0)) {
            throw new IllegalArgumentException("shipper.redis.shards and shipper.redis.wait-replicas apply to a list; "
                    + "a channel (data-type channel) has no copies to wait for and no shards");
        }
        this.congestionThreshold = config.congestionThreshold();
        this.congestionIntervalNanos = config.congestionInterval().toNanos();
        this.metrics = metrics;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
    }

    /** Where this sink writes its batches on its own sockets, if it does (only a list's batches go there). */
    public Optional<RedisRoutes> direct() {
        return Optional.ofNullable(direct);
    }

    /** The lists this sink writes to, in the order batches take them. */
    public List<String> keys() {
        return keys;
    }

    /**
     * Asks Redis once before the first batch, so that a wrong password or a wrong address is reported at start-up
     * (an idle sidecar would otherwise stay silent until its app writes a line); retries with backoff until it
     * answers. Later calls return at once.
     *
     * @return false only when {@link #abort aborted} at shutdown
     */
    public boolean awaitRedis() throws InterruptedException {
        if (!answered) {
            answered = pingUntilAnswered();
        }
        return answered;
    }

    /**
     * Encodes and sends a finished batch, first taking the oldest answer when {@link #IN_FLIGHT} batches are
     * already waiting for theirs. A batch Redis did not take is sent again, with backoff, until it does: this
     * call then returns only once it did (reading pauses).
     *
     * @return false only when {@link #abort aborted} at shutdown: the batch may be unsent and is not
     *     acknowledged, so it is read again after a restart
     */
    public boolean send(Batch batch) throws InterruptedException {
        if (!awaitRedis()) {
            return false;
        }
        // A length check must see every batch sent before it applied, or the list could grow two batches past
        // the congestion threshold instead of one.
        if (!settle(congestionCheckDue() ? 0 : IN_FLIGHT - 1)) {
            return false;
        }
        inFlight.addLast(new Sent(batch, batch.size() == 0 ? Reply.NONE : sendAsync(batch)));
        return true;
    }

    /**
     * Waits for the answers to every batch sent (sending again what Redis did not take), so their offsets are
     * acknowledged: when the pipeline has nothing to read, and before it stops.
     *
     * @return false only when {@link #abort aborted} at shutdown
     */
    public boolean settle() throws InterruptedException {
        return settle(0);
    }

    /** True while sent batches wait for their answers. */
    public boolean unsettled() {
        return !inFlight.isEmpty();
    }

    /**
     * Makes a {@link #send} or {@link #settle} that waits for Redis give up (shutdown after the grace period);
     * from any thread. What was not acknowledged is read again after a restart.
     */
    public void abort() {
        aborted = true;
    }

    /** Closes the sink's connections (after the pipeline stopped). */
    public void close() {
        dropConnection();
    }

    /** The sink's own connection, opened when needed (after a failure, a new one). */
    private RedisConnection connection() {
        if (connection == null) {
            connection = redis.connect().await().atMost(COMMAND_TIMEOUT);
        }
        return connection;
    }

    private void dropConnection() {
        if (!directConnections.isEmpty()) {
            directConnections.values().forEach(RespConnection::close);
            directConnections.clear();
            // A failover or resharding may be why: read the slots again.
            direct.invalidate();
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

    /**
     * A new, empty batch. Its events are encoded as they are added: for the direct socket straight into the batch's
     * own {@code RPUSH} command (no copy per event; there were three, and an event's message is only a view of its
     * reader's buffer). A batch keeps its command until it is acknowledged, so one sent again after a failure is
     * written again from the same bytes; commands are then reused (at most {@link #IN_FLIGHT} + 1 are in use).
     */
    public Batch newBatch() {
        int shard = nextShard;
        nextShard = shard + 1 == keys.size() ? 0 : shard + 1;
        RespCommand c = null;
        if (direct != null) {
            c = spareCommands.isEmpty() ? new RespCommand() : spareCommands.pop();
            c.start("RPUSH").arg(keyBytes.get(shard));
        }
        return new Batch(writer, c, shard);
    }

    /**
     * Settles the oldest batches in flight, in sending order, until at most {@code left} remain: waits for each
     * answer and, on failure, sends the batch again until Redis took it. False only when aborted at shutdown.
     */
    private boolean settle(int left) throws InterruptedException {
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
            metrics.bytesShipped.increment(batch.bytes());
        }
        RespCommand c = batch.command();
        if (c != null && c.capacity() <= MAX_SPARE_COMMAND_BYTES) {
            // A command that grew for a batch of huge events is let go, so memory stays at its usual size.
            spareCommands.push(c);
        }
    }

    /** {@link #awaitRedis}: PING with backoff until Redis answers; false only when aborted. */
    private boolean pingUntilAnswered() throws InterruptedException {
        long lastLog = 0;
        while (!aborted) {
            try {
                redis.send(Request.cmd(Command.PING)).await().atMost(COMMAND_TIMEOUT);
                if (keys.size() > 1) {
                    // Indexers drain the shards they find here too, whatever their own shards setting says.
                    Request register = Request.cmd(Command.SADD).arg(ShardNames.registry(keys.get(0)));
                    keys.forEach(register::arg);
                    redis.send(register).await().atMost(COMMAND_TIMEOUT);
                }
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
            String key = keys.get(batch.shard());
            if (list) {
                Request rpush = Request.cmd(Command.RPUSH).arg(key);
                for (byte[] event : events) {
                    rpush.arg(event);
                }
                if (waitReplicas == 0) {
                    return Reply.of(connection().send(rpush).subscribeAsCompletionStage());
                }
                // Both on the sink's one connection: WAIT counts the replicas that have this connection's writes.
                CompletableFuture<List<Response>> both = connection()
                        .batch(List.of(rpush, Request.cmd(Command.WAIT).arg(waitReplicas).arg(waitTimeoutMillis)))
                        .subscribeAsCompletionStage();
                return timeoutMillis -> replicated(both.get(timeoutMillis, TimeUnit.MILLISECONDS).get(1).toLong());
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
            RedisEndpoint node = direct.route(keys.get(batch.shard()));
            RespConnection connection = directConnections.get(node);
            if (connection == null) {
                connection = RespConnection.open(node, COMMAND_TIMEOUT);
                directConnections.put(node, connection);
            }
            RespConnection c = connection;
            c.write(batch.command());
            if (waitReplicas == 0) {
                return timeoutMillis -> c.readReply();
            }
            c.write(waitCommand);
            return timeoutMillis -> {
                c.readReply();
                replicated(c.readReply());
            };
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
            long len = queueLength();
            if (len <= congestionThreshold) {
                if (paused) {
                    LOG.infof("Redis list %s is down to %d; reading resumes", queueName(), len);
                    metrics.paused.set(0);
                }
                nextCongestionCheck = nanoTime.getAsLong() + congestionIntervalNanos;
                return;
            }
            if (!paused) {
                paused = true;
                metrics.congestionPauses.increment();
                metrics.paused.set(1);
                LOG.infof("Redis list %s holds %d items, above congestion-threshold %d; reading is paused", queueName(), len,
                        congestionThreshold);
            }
            if (aborted) {
                throw new IllegalStateException("aborted while congested");
            }
            // Interval 0 means "check before every batch"; waiting still needs a pace.
            Thread.sleep(Math.max(50, TimeUnit.NANOSECONDS.toMillis(congestionIntervalNanos)));
        }
    }

    /** The length of the whole queue: the sum over its shards (the threshold applies to the total). */
    private long queueLength() {
        long sum = 0;
        for (String key : keys) {
            Response length = redis.send(Request.cmd(Command.LLEN).arg(key)).await().atMost(COMMAND_TIMEOUT);
            sum += length == null ? 0 : length.toLong();
        }
        return sum;
    }

    private String queueName() {
        return keys.size() == 1 ? keys.get(0) : keys.get(0) + " (" + keys.size() + " shards)";
    }

    /** A {@code WAIT} answer: fails the batch (to be sent again) when fewer replicas than asked have it. */
    private void replicated(long replicas) throws IOException {
        if (replicas < waitReplicas) {
            metrics.replicaShortfalls.increment();
            throw new IOException("only " + replicas + " of " + waitReplicas + " replica(s) acknowledged the batch "
                    + "within shipper.redis.wait-timeout");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
