package io.logpipe.indexer.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.Backoff;
import io.logpipe.common.redistls.RedisTls;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.indexer.Main;
import io.logpipe.indexer.bulk.BulkIndexer;
import io.logpipe.indexer.bulk.DeadLetterLog;
import io.logpipe.indexer.bulk.RestClientTransport;
import io.logpipe.indexer.claim.BatchSource;
import io.logpipe.indexer.claim.ChannelSubscription;
import io.logpipe.indexer.claim.ListClaimer;
import io.logpipe.indexer.claim.ShardedClaimer;
import io.logpipe.indexer.claim.Shards;
import io.logpipe.indexer.recovery.LegacyKeys;
import io.logpipe.indexer.config.ConsumerIds;
import io.logpipe.indexer.config.IndexerConfig;
import io.logpipe.indexer.config.RedisKeys;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.common.lscl.Substitution;
import io.logpipe.indexer.filter.FilterPipeline;
import io.logpipe.indexer.filter.InputDecoration;
import io.logpipe.indexer.filter.FilterStage;
import io.logpipe.indexer.index.DocumentBuilder;
import io.logpipe.indexer.index.IndexPattern;
import io.logpipe.indexer.template.IndexTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The indexer process: validates the configuration, installs the index template, runs the workers, and stops
 * them gracefully.
 *
 * <p>Start-up does not wait for Elasticsearch: the template is installed by a background thread that retries
 * with backoff, and the workers start once it succeeded, so the health endpoints answer meanwhile (ready stays
 * DOWN until Redis and Elasticsearch are reachable).
 *
 * <p>Shutdown: workers stop claiming at once, finish the batch they hold within {@code indexer.shutdown-timeout},
 * and otherwise leave it in their in-flight list, where the same consumer id (restarted) or the reaper finds it.
 */
@ApplicationScoped
public class Indexer {
    private static final Logger LOG = Logger.getLogger(Indexer.class);
    /** A worker that has not moved for this long (at least) is stuck. */
    private static final Duration MIN_STUCK_AFTER = Duration.ofSeconds(60);

    @Inject
    IndexerConfig config;
    @Inject
    RedisDataSource redis;
    @Inject
    io.vertx.mutiny.redis.client.Redis redisConnections;
    @Inject
    RestClient elasticsearch;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;

    private final Lifecycle lifecycle = new Lifecycle();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private RedisKeys keys;
    private Shards shards;
    private boolean cluster;
    private IndexPattern pattern;
    private IndexPattern ingestPipeline;
    private FilterPipeline filters;
    private List<String> consumerIds;
    private IndexerMetrics metrics;
    private DeadLetterLog deadLetterLog;
    private ChannelSubscription channel;
    /** Where the workers read their batches on their own sockets, or empty: through the client. */
    private Optional<RedisRoutes> directRead = Optional.empty();
    private Thread starter;
    private volatile String startProblem;

    void onStart(@Observes StartupEvent event) {
        if (Main.runsCommand()) {
            // a one-off command (Main): no workers, no template; the command does its job and exits
            return;
        }
        validate();
        Config all = ConfigProvider.getConfig();
        cluster = RedisRoutes.clusterClient(name -> all.getOptionalValue(name, String.class));
        List<RedisKeys> configured = RedisKeys.shards(config, cluster);
        keys = configured.get(0);
        shards = new Shards(configured);
        if (config.redis().directRead() && config.redis().dataType() == IndexerConfig.DataType.LIST) {
            directRead = RedisRoutes.of(name -> all.getOptionalValue(name, String.class),
                    why -> LOG.infof("claimed batches are read through the Quarkus Redis client: %s (a worker's own "
                            + "sockets take plain redis:// hosts of a standalone Redis or a Redis Cluster)", why));
        }
        if (config.redis().waitReplicas() > 0 && directRead.isEmpty()) {
            throw new IllegalArgumentException("indexer.redis.wait-replicas=" + config.redis().waitReplicas()
                    + " needs the workers' own sockets (WAIT must follow the dead letters on their connection), and "
                    + "they are off: set indexer.redis.direct-read=true and give quarkus.redis.hosts as plain redis:// URLs");
        }
        pattern = IndexPattern.compile(config.index());
        ingestPipeline = config.ingestPipeline().map(IndexPattern::compile).orElse(null);
        consumerIds = ConsumerIds.of(ConsumerIds.base(config.consumerId()), config.workers());
        metrics = new IndexerMetrics(registry, this::held);
        deadLetterLog = new DeadLetterLog(json.getFactory());
        filters = filters();
        if (filters != null) {
            filters.register(registry);
        }
        LOG.infof("indexer: %s %s -> %s, %d workers as %s, batch size %d%s", config.redis().dataType().name().toLowerCase(Locale.ROOT),
                configured, pattern, config.workers(), consumerIds, config.batchSize(),
                config.redis().waitReplicas() > 0 ? ", dead letters confirmed by " + config.redis().waitReplicas() + " replica(s)" : "");
        starter = new Thread(this::start, "indexer-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * The filter stage, or null for none: the filter blocks of {@code indexer.filter.path} or of the pipeline file
     * {@code indexer.config} (one or the other), behind the input's decoration. A file that cannot run throws with
     * its line and column, which stops the start-up.
     */
    private FilterPipeline filters() {
        Optional<Path> filterFile = config.filter().path();
        Optional<Path> pipelineFile = config.config()
                .filter(file -> !LsclParser.parse(file).sections("filter").isEmpty());
        if (filterFile.isPresent() && pipelineFile.isPresent()) {
            throw new IllegalArgumentException("filters come from one file: indexer.filter.path (" + filterFile.get()
                    + ") or the filter blocks of indexer.config (" + pipelineFile.get() + "), not both");
        }
        FilterPipeline pipeline = filterFile.map(FilterPipeline::load)
                .or(() -> pipelineFile.map(f -> FilterPipeline.compile(
                        Substitution.apply(LsclParser.parse(f), System::getenv), f.toAbsolutePath().getParent())))
                .orElse(null);
        Optional<InputDecoration> decoration = InputDecoration.of(config.input().type(),
                config.input().tags().orElse(List.of()), config.input().addField());
        if (decoration.isPresent()) {
            pipeline = (pipeline == null ? FilterPipeline.empty() : pipeline).prepend("input_redis", decoration.get());
        }
        if (pipeline != null) {
            LOG.infof("filter stage: %d plugins from %s", pipeline.stats().size(),
                    filterFile.or(() -> pipelineFile).map(Path::toString).orElse("the input's type, tags and add_field"));
        }
        return pipeline;
    }

    private void validate() {
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("indexer.batch-size must be at least 1, not " + config.batchSize());
        }
        if (config.redis().dataType() == IndexerConfig.DataType.CHANNEL
                && (config.redis().shards() > 1 || config.redis().waitReplicas() > 0)) {
            throw new IllegalArgumentException("indexer.redis.shards and indexer.redis.wait-replicas apply to a list; a "
                    + "channel (data-type channel) has no shards and keeps nothing to wait for");
        }
        if (config.redis().waitReplicas() < 0) {
            throw new IllegalArgumentException("indexer.redis.wait-replicas must be 0 or more, not " + config.redis().waitReplicas());
        }
        if (config.workers() < 1) {
            throw new IllegalArgumentException("indexer.workers must be at least 1, not " + config.workers());
        }
        if (config.consumerTimeout().compareTo(config.heartbeatInterval().multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("indexer.consumer-timeout (" + config.consumerTimeout()
                    + ") must be at least twice indexer.heartbeat-interval (" + config.heartbeatInterval()
                    + "), or live consumers would be taken for dead");
        }
        new Backoff(config.retry().initial(), config.retry().max()); // refuses a bad pair with a clear message
        Config all = ConfigProvider.getConfig();
        RedisTls.problem(name -> all.getOptionalValue(name, String.class)).ifPresent(problem -> {
            throw new ConfigurationException(problem, Set.of("quarkus.redis.hosts"));
        });
    }

    /** Template first (retried until it works), then the workers. */
    private void start() {
        if (config.template().enabled()) {
            String prefix = pattern.literalPrefix().toLowerCase(Locale.ROOT);
            if (prefix.isEmpty()) {
                LOG.warnf("indexer.index %s starts with a reference, so no index pattern can be derived for the "
                        + "template: none installed (set indexer.template.enabled=false to silence this)", pattern);
            } else {
                IndexTemplate template = new IndexTemplate(elasticsearch, json, config.template(), prefix);
                Backoff backoff = new Backoff(config.retry().initial(), config.retry().max());
                while (!lifecycle.stopping()) {
                    try {
                        template.install();
                        startProblem = null;
                        break;
                    } catch (IOException | RuntimeException e) {
                        Duration wait = backoff.next();
                        startProblem = "cannot install the index template yet: " + e;
                        LOG.warnf("%s; retrying in %d ms", startProblem, wait.toMillis());
                        sleep(wait);
                    }
                }
            }
        }
        if (config.redis().dataType() == IndexerConfig.DataType.CHANNEL) {
            channel = new ChannelSubscription(redisConnections, keys.main(), config.batchSize() * config.workers() * 4,
                    metrics::dropped, new Backoff(config.retry().initial(), config.retry().max()));
            channel.start();
        }
        if (channel == null && !cluster) {
            new LegacyKeys(redis).recover(keys, lifecycle::stopping);
        }
        synchronized (this) {
            if (lifecycle.stopping()) {
                return;
            }
            for (String id : consumerIds) {
                Worker worker = newWorker(id);
                workers.add(worker);
                Thread thread = new Thread(worker, "indexer-worker-" + id);
                threads.add(thread);
                thread.start();
            }
        }
    }

    private Worker newWorker(String id) {
        IndexerConfig.Redis r = config.redis();
        BatchSource source = channel != null ? channel.source(redis, keys.dead(), config.batchSize())
                : new ShardedClaimer(shards, shard -> new ListClaimer(redis, directRead, shard, id, config.batchSize(),
                        r.waitReplicas(), r.waitTimeout()), workers.size());
        DocumentBuilder documents = new DocumentBuilder(json, pattern, ingestPipeline, config.action().bulkName(), clock);
        Worker.Documents build = filters == null ? documents::build
                : new FilterStage(filters, documents, metrics::droppedByFilter)::build;
        if (config.debugOutput()) {
            build = DebugOutput.printing(build, json);
        }
        RestClientTransport transport = new RestClientTransport(elasticsearch);
        return new Worker(id, source, build,
                pacing -> new BulkIndexer(transport, json.getFactory(), newBackoff(), pacing, metrics, clock, deadLetterLog),
                newBackoff(), lifecycle);
    }

    private Backoff newBackoff() {
        return new Backoff(config.retry().initial(), config.retry().max());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (Main.runsCommand()) {
            return;
        }
        Duration grace = config.shutdownTimeout();
        synchronized (this) {
            lifecycle.stop(grace);
        }
        if (channel != null) {
            channel.stop();
        }
        long deadline = System.nanoTime() + grace.toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = held();
        if (left > 0) {
            LOG.warnf("indexer stopped with %d events in in-flight lists; they are recovered by this consumer id "
                    + "on restart, or by the reaper after %s", left, config.consumerTimeout());
        } else {
            LOG.info("indexer stopped; nothing in flight");
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int held() {
        int sum = 0;
        for (Worker worker : workers) {
            sum += worker.held();
        }
        return sum;
    }

    /** The ids of workers that are running and not stuck: only these get a heartbeat. */
    public List<String> liveConsumerIds() {
        List<String> ids = new ArrayList<>();
        long bound = stuckAfter().toNanos();
        for (Worker worker : workers) {
            if (!worker.exited() && worker.idleNanos() < bound) {
                ids.add(worker.id());
            }
        }
        return ids;
    }

    /** Why the process is not live (a worker died or is stuck), or null when it is. */
    public String livenessProblem() {
        long bound = stuckAfter().toNanos();
        for (Worker worker : workers) {
            if (worker.exited() && !lifecycle.stopping()) {
                return "worker " + worker.id() + " has stopped";
            }
            if (!worker.exited() && worker.idleNanos() > bound) {
                return "worker " + worker.id() + " has not moved for " + TimeUnit.NANOSECONDS.toSeconds(worker.idleNanos()) + " s";
            }
        }
        return null;
    }

    /** What the process is waiting for before its workers can start, or null. */
    public String startProblem() {
        return startProblem;
    }

    /** Twice the consumer timeout, at least a minute: longer than any single Redis or Elasticsearch call. */
    public Duration stuckAfter() {
        Duration twice = config.consumerTimeout().multipliedBy(2);
        return twice.compareTo(MIN_STUCK_AFTER) > 0 ? twice : MIN_STUCK_AFTER;
    }

    /**
     * False once the process stops: the heartbeat and the reaper then have nothing to do, and a run started after
     * the workers' exit would only meet a Redis client that shutdown is closing (a CI run logged that as a failed
     * beat after "indexer stopped").
     */
    public boolean workersRunning() {
        return !workers.isEmpty() && !lifecycle.stopping();
    }

    public RedisKeys keys() {
        return keys;
    }

    /** The shards the workers drain (configured, and recorded by shippers). */
    public Shards shards() {
        return shards;
    }

    /**
     * Why the workers cannot claim, when every one of them has failed to settle and claim for longer than the
     * consumer timeout (their heartbeats may be going, so nothing else shows it): readiness then says so. Null
     * otherwise.
     */
    public String claimProblem() {
        if (workers.isEmpty()) {
            return null;
        }
        long bound = config.consumerTimeout().toNanos();
        String reason = null;
        for (Worker worker : workers) {
            if (worker.exited() || worker.claimFailingNanos() < bound) {
                return null;
            }
            reason = worker.claimFailure();
        }
        return "no worker could claim from Redis for " + config.consumerTimeout().toSeconds() + " s"
                + (reason == null ? "" : ": " + reason);
    }

    public IndexerMetrics metrics() {
        return metrics;
    }

    public IndexerConfig config() {
        return config;
    }
}
