package io.logpipe.indexer.replay;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.indexer.claim.Shards;
import io.logpipe.indexer.config.IndexerConfig;
import io.logpipe.indexer.config.RedisKeys;
import io.quarkus.runtime.QuarkusApplication;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * {@code replay-dead-letters [--limit N] [--dry-run]}: the indexer's configuration (Redis, {@code indexer.redis.key},
 * {@code indexer.dead-letter-key}), run once in Quarkus command mode ({@link io.logpipe.indexer.Main}).
 *
 * <p>Exit code 0: done (or nothing to do); 1: stopped at an unreadable entry, or Redis failed; 2: bad arguments.
 * The report goes to standard output, one line per reason.
 */
public final class ReplayCommand implements QuarkusApplication {
    public static final String NAME = "replay-dead-letters";
    static final String USAGE = "usage: " + NAME + " [--limit N] [--dry-run]";

    @Inject
    IndexerConfig config;
    @Inject
    Redis redis;

    /** The parsed arguments. */
    record Options(long limit, boolean dryRun) {
        static Options parse(String... args) {
            long limit = Long.MAX_VALUE;
            boolean dryRun = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--dry-run")) {
                    dryRun = true;
                } else if (arg.equals("--limit") || arg.startsWith("--limit=")) {
                    String value = arg.equals("--limit") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(8);
                    try {
                        limit = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        limit = -1;
                    }
                    if (limit < 1) {
                        throw new IllegalArgumentException("--limit takes a positive number, not '" + value + "'");
                    }
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Options(limit, dryRun);
        }
    }

    @Override
    public int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        return run(queues(), options, System.out);
    }

    /** The shards whose dead letters are replayed, in order: the configured ones, then those shippers recorded. */
    private List<RedisKeys> queues() {
        Shards shards = new Shards(RedisKeys.shards(config,
                RedisRoutes.clusterClient(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class))));
        shards.addRecorded(redis.sendAndAwait(Request.cmd(Command.SMEMBERS).arg(shards.all().get(0).shardRegistry())));
        return shards.all();
    }

    int run(List<RedisKeys> queues, Options options, PrintStream out) {
        DeadLetterReplay replay = new DeadLetterReplay(redis);
        long left = options.limit();
        int code = 0;
        for (RedisKeys keys : queues) {
            if (left <= 0) {
                break;
            }
            DeadLetterReplay.Result result;
            try {
                result = options.dryRun() ? replay.dryRun(keys, left) : replay.replay(keys, left);
            } catch (RuntimeException e) {
                out.printf("%s: Redis failed (%s); what was replayed before is in %s, the rest still in %s%n",
                        keys.dead(), e, keys.main(), keys.dead());
                return 1;
            }
            report(keys, options, result, out);
            left -= result.replayed() + result.unreadable();
            if (result.problem() != null && !options.dryRun()) {
                return 1;
            }
            if (result.problem() != null) {
                code = 1;
            }
        }
        return code;
    }

    private static void report(RedisKeys keys, Options options, DeadLetterReplay.Result result, PrintStream out) {
        if (options.dryRun()) {
            out.printf("%s: %d entries; a replay would move %d to the tail of %s (oldest first)%s%n", keys.dead(),
                    result.entries(), result.replayed(), keys.main(),
                    result.unreadable() == 0 ? "" : ", " + result.unreadable() + " cannot be read");
        } else {
            out.printf("%s: %d entries; replayed %d to the tail of %s (oldest first), %d left%n", keys.dead(),
                    result.entries(), result.replayed(), keys.main(), result.entries() - result.replayed());
        }
        for (Map.Entry<String, Long> reason : result.reasons().entrySet()) {
            out.printf("  %8d  %s%n", reason.getValue(), reason.getKey());
        }
        if (result.problem() != null) {
            out.println("  " + result.problem());
        }
        out.flush();
    }
}
