package io.logpipe.indexer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The indexer's whole configuration ({@code indexer.*}); these names are the public interface. Every property
 * can also be given as an environment variable ({@code INDEXER_REDIS_KEY}, {@code INDEXER_BATCH_SIZE}, ...).
 * Connections are configured by the Quarkus clients ({@code quarkus.redis.*}, {@code quarkus.elasticsearch.*}).
 */
@ConfigMapping(prefix = "indexer")
public interface IndexerConfig {

    Redis redis();

    /** Most elements one worker claims and sends in one {@code _bulk} request. */
    @WithDefault("1000")
    int batchSize();

    /**
     * Claim-and-bulk loops per process, each a consumer of its own ({@code <consumer-id>-<n>}). Four keep two
     * bulk requests at Elasticsearch while others settle and claim (bench/: 0.77-0.81 of the {@code _bulk}
     * ceiling with 4, 0.65-0.72 with 2, on a 2-core node).
     */
    @WithDefault("4")
    int workers();

    /** Base of this process's consumer ids; default: the host name (the pod name on Kubernetes). */
    Optional<String> consumerId();

    /** A consumer whose heartbeat is older than this is dead: the reaper returns its in-flight list. */
    @WithDefault("30s")
    Duration consumerTimeout();

    /** How often heartbeats are written and the reaper looks for dead consumers. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Index name, Logstash sprintf: {@code %{+YYYY.MM.dd}} (UTC, Joda letters), {@code %{field}}, {@code %{[a][b]}}. */
    @WithDefault("logstash-%{+YYYY.MM.dd}")
    String index();

    /**
     * Elasticsearch ingest pipeline for every bulk item, Logstash sprintf ({@code %{field}}), like the
     * {@code pipeline} option of Logstash's elasticsearch output; a name that comes out empty or with a reference
     * its event cannot fill means no pipeline for that event.
     */
    Optional<String> ingestPipeline();

    /** The filter stage. */
    Filter filter();

    /**
     * A Logstash pipeline file ({@code input { redis }}, {@code filter}, {@code output { elasticsearch stdout }})
     * that configures the indexer as the equivalent properties would; read by
     * {@link io.logpipe.indexer.pipelinefile.PipelineFileSource}, its filter blocks compiled at start-up.
     */
    Optional<Path> config();

    /** What the input adds to every event, as Logstash's inputs do ({@code type}, {@code tags}, {@code add_field}). */
    Input input();

    /** Print every event as it goes to Elasticsearch on standard output, in Logstash's rubydebug format. */
    @WithDefault("false")
    boolean debugOutput();

    /** Elasticsearch connection settings the Quarkus client does not have. */
    Elasticsearch elasticsearch();

    /** Bulk action for events that carry {@code event.id}. */
    @WithDefault("create")
    Action action();

    /**
     * List that receives events Elasticsearch refused for good; default {@code {<redis.key>}:dead} (per shard: the
     * shard's name in the braces). On a Redis Cluster it must hash to the key's slot; with shards it cannot be set.
     */
    Optional<String> deadLetterKey();

    Template template();

    Retry retry();

    /**
     * How long a stopping indexer keeps working on the batches it holds; what is not finished by then stays
     * in its in-flight list for recovery. Defaults to Quarkus's own {@code quarkus.shutdown.timeout}, else 30s.
     */
    @WithDefault("${quarkus.shutdown.timeout:30s}")
    Duration shutdownTimeout();

    /** Where events come from. */
    interface Redis {
        /** The list (or, for {@code channel}, the channel) the shippers write to. */
        @WithDefault("logstash")
        String key();

        @WithDefault("list")
        DataType dataType();

        /**
         * Read each claimed batch ({@code LRANGE} of the in-flight list) on the worker's own socket rather than
         * through the Quarkus Redis client, when the connection is plain {@code redis://}: one host of a standalone
         * Redis or the seed hosts of a Redis Cluster (then one socket per primary, routed by slot); user, password,
         * database from the URL or {@code quarkus.redis.password}. With TLS, a proxy or sentinel the client reads
         * them anyway. The client parses each reply on its event loop into
         * buffers of its own, then the worker copies each element out: 0.85 CPU-s per million events (bench/).
         */
        @WithDefault("true")
        boolean directRead();

        /**
         * Lists the queue is spread over, for a Redis Cluster ({@link io.logpipe.common.queue.ShardNames}); every
         * worker drains all of them in turn, and also the shards shippers with a larger setting recorded.
         */
        @WithDefault("1")
        int shards();

        /**
         * Replicas that must hold a settled batch's dead letters (Redis {@code WAIT}) before its in-flight list is
         * deleted; 0 = the primary's answer suffices.
         */
        @WithDefault("0")
        int waitReplicas();

        /** How long one {@code WAIT} may take; dead letters not on enough replicas by then are written again. */
        @WithDefault("2s")
        java.time.Duration waitTimeout();
    }

    /** Logstash input decoration: applied before the filters, to events that lack them. */
    interface Input {
        /** Set as {@code type} on events that have none. */
        Optional<String> type();

        /** Added to every event's {@code tags}. */
        Optional<List<String>> tags();

        /** Fields set on every event. */
        Map<String, String> addField();
    }

    interface Elasticsearch {
        /** PEM files of the certificate authorities that sign Elasticsearch's certificate (https); default: the JVM's. */
        Optional<List<Path>> sslCertificateAuthorities();
    }

    /** Logstash filters run by the workers between claim and bulk. */
    interface Filter {
        /**
         * A file of Logstash {@code filter { }} blocks (grok, dissect, date, json, kv, mutate, drop, conditionals).
         * Unset: no filter stage; events are indexed from their own bytes.
         */
        Optional<Path> path();
    }

    /** The composable index template installed at start-up. */
    interface Template {
        @WithDefault("true")
        boolean enabled();

        /** Default: the index pattern's literal prefix without trailing separators ({@code logstash-…} gives {@code logstash}). */
        Optional<String> name();

        @WithDefault("1")
        int shards();

        @WithDefault("1")
        int replicas();

        @WithDefault("1s")
        String refreshInterval();
    }

    /** Capped exponential backoff for everything retried (Redis, Elasticsearch, items answered 429/5xx). */
    interface Retry {
        @WithDefault("100ms")
        Duration initial();

        @WithDefault("30s")
        Duration max();
    }

    /** {@code list}: claimed reliably; {@code channel}: best-effort pub/sub, no delivery guarantee. */
    enum DataType {
        LIST, CHANNEL
    }

    /** The bulk action used when the event carries its own id. */
    enum Action {
        CREATE("create"), INDEX("index");

        private final String bulkName;

        Action(String bulkName) {
            this.bulkName = bulkName;
        }

        /** The name in a {@code _bulk} action line. */
        public String bulkName() {
            return bulkName;
        }
    }
}
