package io.logpipe.indexer.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.logpipe.indexer.config.RedisKeys;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Moves the entries of one queue's dead-letter list back to its main list, oldest first, one at a time.
 *
 * <p>Each entry is read at the head of the dead-letter list, its element cut out of it ({@link DeadLetterEntry}),
 * and {@code replay.lua} then appends the element to the tail of the main list and removes the entry in one atomic
 * step, provided the head is still that entry. A replay killed at any moment has therefore moved every entry once
 * or not at all; run again, it goes on with the rest. Only the entries present at the start are replayed: those the
 * indexer refuses again meanwhile are appended behind them, and are left for the next run.
 *
 * <p>An entry whose element cannot be cut out stops the replay (it stays at the head, nothing is guessed).
 *
 * <p>Byte arrays all the way: the elements are sent to Redis as the bytes they were, whatever their encoding.
 */
public final class DeadLetterReplay {
    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    private static final String SCRIPT = script();
    private static final String SHA = sha1(SCRIPT);
    private static final int PAGE = 100;
    private static final long PROGRESS_EVERY = 10_000;

    /**
     * What a run did (or, dry, would do).
     *
     * @param entries the dead-letter list's length at the start
     * @param replayed entries moved (dry: that would be moved)
     * @param reasons per reason ({@link DeadLetterEntry#reason()}), how many of those
     * @param problem why the run stopped early, or null
     * @param unreadable dry run: entries that could not be read (a real run stops at the first)
     */
    public record Result(long entries, long replayed, Map<String, Long> reasons, String problem, long unreadable) {
    }

    private final Redis redis;

    public DeadLetterReplay(Redis redis) {
        this.redis = redis;
    }

    /** Replays at most {@code limit} of the entries of {@code keys.dead()} to the tail of {@code keys.main()}. */
    public Result replay(RedisKeys keys, long limit) {
        long entries = llen(keys.dead());
        long todo = Math.min(entries, limit);
        Map<String, Long> reasons = new TreeMap<>();
        long moved = 0;
        while (moved < todo) {
            Response head = redis.sendAndAwait(Request.cmd(Command.LINDEX).arg(keys.dead()).arg(0));
            if (head == null) {
                break;
            }
            byte[] entry = head.toBytes();
            DeadLetterEntry read;
            try {
                read = DeadLetterEntry.read(entry);
            } catch (UnreadableEntryException e) {
                return new Result(entries, moved, reasons, "the oldest entry left in " + keys.dead()
                        + " cannot be read (" + e.getMessage() + "); it stays at the head of the list", 1);
            }
            if (move(keys, entry, read.element())) {
                moved++;
                reasons.merge(read.reason(), 1L, Long::sum);
                if (moved % PROGRESS_EVERY == 0) {
                    LOG.infof("replayed %d of %d entries of %s", moved, todo, keys.dead());
                }
            }
            // else: another replay moved that entry first; the next head is read again
        }
        return new Result(entries, moved, reasons, null, 0);
    }

    /** What {@link #replay} would move now, without changing anything. */
    public Result dryRun(RedisKeys keys, long limit) {
        long entries = llen(keys.dead());
        long todo = Math.min(entries, limit);
        Map<String, Long> reasons = new TreeMap<>();
        long readable = 0;
        long unreadable = 0;
        String first = null;
        for (long from = 0; from < todo; from += PAGE) {
            long to = Math.min(todo, from + PAGE) - 1;
            Response page = redis.sendAndAwait(Request.cmd(Command.LRANGE).arg(keys.dead()).arg(from).arg(to));
            long position = from;
            for (Response entry : page) {
                try {
                    reasons.merge(DeadLetterEntry.read(entry.toBytes()).reason(), 1L, Long::sum);
                    readable++;
                } catch (UnreadableEntryException e) {
                    if (unreadable++ == 0) {
                        first = "entry " + position + " of " + keys.dead() + " (0 = oldest) cannot be read ("
                                + e.getMessage() + "): a replay would stop there";
                    }
                }
                position++;
            }
        }
        return new Result(entries, readable, reasons, first, unreadable);
    }

    private boolean move(RedisKeys keys, byte[] entry, byte[] element) {
        Request evalsha = Request.cmd(Command.EVALSHA).arg(SHA).arg(2).arg(keys.dead()).arg(keys.main()).arg(entry).arg(element);
        Response moved;
        try {
            moved = redis.sendAndAwait(evalsha);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            moved = redis.sendAndAwait(Request.cmd(Command.EVAL).arg(SCRIPT).arg(2).arg(keys.dead()).arg(keys.main())
                    .arg(entry).arg(element));
        }
        return moved.toLong() == 1;
    }

    private long llen(String key) {
        return redis.sendAndAwait(Request.cmd(Command.LLEN).arg(key)).toLong();
    }

    private static String script() {
        try (InputStream in = DeadLetterReplay.class.getResourceAsStream("replay.lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script replay.lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
