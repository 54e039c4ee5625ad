package io.logpipe.indexer.claim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import io.logpipe.common.Backoff;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * {@code data-type=channel}: a subscription to the channel {@code indexer.redis.key}, feeding a bounded queue the
 * workers take batches from.
 *
 * <p>Best-effort pub/sub, with no delivery guarantee, as in Logstash: a message published while the indexer is
 * not subscribed (down, reconnecting) is never seen; messages in the queue or in a batch are lost when the process
 * dies; when the queue is full (Elasticsearch slower than the publishers) new messages are dropped and counted
 * ({@code indexer_events_dropped_total}) rather than blocking Redis's connection. Dead letters still go to the
 * dead-letter list. Use {@code data-type=list} for anything that must not be lost.
 */
public final class ChannelSubscription {
    private static final Logger LOG = Logger.getLogger(ChannelSubscription.class);

    private final Redis redis;
    private final String channel;
    private final BlockingQueue<byte[]> queue;
    private final IntConsumer dropped;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private volatile CountDownLatch ended = new CountDownLatch(1);
    private long lastDropLog;

    public ChannelSubscription(Redis redis, String channel, int capacity, IntConsumer dropped, Backoff backoff) {
        this.redis = redis;
        this.channel = channel;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = dropped;
        this.backoff = backoff;
        this.thread = new Thread(this::run, "indexer-channel");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        stopped = true;
        ended.countDown();
        RedisConnection c = connection;
        if (c != null) {
            c.closeAndForget();
        }
    }

    /** Subscribes, and subscribes again whenever the connection ends. */
    private void run() {
        while (!stopped) {
            CountDownLatch end = new CountDownLatch(1);
            ended = end;
            try {
                RedisConnection c = redis.connectAndAwait();
                connection = c;
                c.handler(this::onMessage);
                c.endHandler(end::countDown);
                c.exceptionHandler(e -> {
                    LOG.warnf("channel %s: connection failed (%s)", channel, e.toString());
                    end.countDown();
                });
                c.sendAndAwait(Request.cmd(Command.SUBSCRIBE).arg(channel));
                LOG.infof("subscribed to channel %s (best-effort: messages published while not subscribed are lost)", channel);
                backoff.reset();
                end.await();
                c.closeAndForget();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Duration wait = backoff.next();
                LOG.warnf("channel %s: cannot subscribe (%s); retrying in %d ms", channel, e.toString(), wait.toMillis());
                try {
                    Thread.sleep(Math.max(1, wait.toMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void onMessage(Response message) {
        if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
            return;
        }
        if (!queue.offer(message.get(2).toBytes())) {
            dropped.accept(1);
            long now = System.nanoTime();
            if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10)) {
                lastDropLog = now;
                LOG.warnf("channel %s: indexer behind, messages dropped (see indexer_events_dropped_total)", channel);
            }
        }
    }

    /**
     * A worker's source: batches from the queue; settling one only writes its dead letters (kept in memory
     * and written on a later call while Redis is down).
     */
    public BatchSource source(RedisDataSource commands, String deadLetterKey, int batchSize) {
        return new BatchSource() {
            private final List<String> unsent = new ArrayList<>();

            @Override
            public Batch next(Settled settled, boolean stopping) {
                if (settled != null) {
                    unsent.addAll(settled.deadLetters());
                }
                if (!unsent.isEmpty()) {
                    String[] args = new String[unsent.size() + 1];
                    args[0] = deadLetterKey;
                    for (int i = 0; i < unsent.size(); i++) {
                        args[i + 1] = unsent.get(i);
                    }
                    commands.execute("RPUSH", args); // on failure they stay in unsent for the next call
                    unsent.clear();
                }
                if (stopping) {
                    return null;
                }
                try {
                    byte[] first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        return null;
                    }
                    List<byte[]> elements = new ArrayList<>(Math.min(batchSize, queue.size() + 1));
                    elements.add(first);
                    queue.drainTo(elements, batchSize - 1);
                    return new Batch(elements);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
