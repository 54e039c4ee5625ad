package io.logpipe.shipper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The whole configuration of the shipper: every {@code shipper.*} property, and the public interface of the
 * service (the names match Logstash's file input, multiline codec and redis output where those exist).
 *
 * <p>Every property can be given as an environment variable ({@code shipper.redis.batch-size} is
 * {@code SHIPPER_REDIS_BATCH_SIZE}). Inputs are keyed by name: {@code SHIPPER_INPUTS_APP_PATHS} configures
 * {@code shipper.inputs.app.paths}. Names with dashes or dots cannot be told apart from the separators in an
 * environment variable; such an input must also be named in a properties source, see the README.
 */
@ConfigMapping(prefix = "shipper")
public interface ShipperConfig {

    /** Named file inputs; at least one of these or {@link #stdin()} is needed for the shipper to do anything. */
    Map<String, Input> inputs();

    /** Standard input as an event source (Logstash's {@code stdin {}}). */
    Stdin stdin();

    /**
     * A Logstash pipeline file ({@code input}/{@code output} sections) that configures the shipper: read at start-up
     * by {@link io.logpipe.shipper.pipelinefile.PipelineFileConfigSourceFactory}, whose properties sit below
     * environment variables, system properties and {@code config/application.properties}. Also
     * {@code --config FILE} (or {@code -f FILE}) on the command line.
     */
    Optional<Path> config();

    /** Also print every event to standard output (Logstash's {@code stdout} output), as {@link #debugFormat()}. */
    @WithDefault("false")
    boolean debugOutput();

    /** How {@link #debugOutput()} prints events. */
    @WithDefault("json")
    DebugFormat debugFormat();

    /** Where and how often acknowledged offsets are stored. */
    Registry registry();

    /** How often the globs are expanded again to find new, rotated and deleted files. */
    @WithDefault("1s")
    Duration scanInterval();

    /** The Redis output; the connection itself is {@code quarkus.redis.*}. */
    Redis redis();

    /** One named group of files that share event decoration and multiline rules. */
    interface Input {
        /** Globs ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}} with escaped commas, {@code **} across directories). */
        List<String> paths();

        /** Globs of files to skip: without a {@code /} matched against the file name, otherwise the full path. */
        Optional<List<String>> exclude();

        /** Where to start in files never seen before that exist when the shipper starts. */
        @WithDefault("end")
        StartPosition startPosition();

        /** The event's {@code type}. */
        Optional<String> type();

        /** Tags added to every event of this input. */
        Optional<List<String>> tags();

        /** Added to every event of this input under {@code fields} (as Beats does). */
        Map<String, String> fields();

        /**
         * Added to every event of this input at the event's root (as Logstash's {@code add_field} does); the names
         * of fields the shipper writes itself ({@code message}, {@code host}, {@code tags}...) are refused.
         */
        Map<String, String> addField();

        /** Longer lines are shipped in pieces of at most this size, tagged {@code split_line}. */
        @WithDefault("1M")
        MemorySize maxLineBytes();

        /** Joins lines into one event; absent = one event per line. */
        Optional<Multiline> multiline();
    }

    /** Logstash multiline codec settings. */
    interface Multiline {
        /** Java regex, found anywhere in the line; POSIX bracket classes such as {@code [[:space:]]} are accepted. */
        String pattern();

        /** Inverts the match. */
        @WithDefault("false")
        boolean negate();

        /** Which event a matching line belongs to. */
        @WithDefault("previous")
        What what();

        @WithDefault("500")
        int maxLines();

        @WithDefault("10M")
        MemorySize maxBytes();

        /** A pending event is emitted after this long without a new line. */
        @WithDefault("5s")
        Duration flushInterval();
    }

    /** Whether a matching line joins the event before it or the line after it. */
    enum What {
        PREVIOUS, NEXT
    }

    /** Where reading starts in a file found at start-up. */
    enum StartPosition {
        BEGINNING, END
    }

    interface Stdin {
        @WithDefault("false")
        boolean enabled();

        /** The {@code type} of stdin's events. */
        Optional<String> type();

        /** Tags added to every event read from stdin. */
        Optional<List<String>> tags();

        /** Added to every stdin event under {@code fields}. */
        Map<String, String> fields();

        /** Added to every stdin event at the event's root (Logstash's {@code add_field}). */
        Map<String, String> addField();
    }

    /** How the debug output prints an event. */
    enum DebugFormat {
        /** Indented JSON. */
        JSON,
        /** Logstash's {@code rubydebug} codec (Ruby hash notation, the timestamp bare). */
        RUBYDEBUG,
        /** One compact JSON object per line, exactly what goes to Redis (Logstash's {@code json_lines} codec). */
        JSON_LINES
    }

    interface Registry {
        /** The offsets file; keep it on a volume that outlives the container. */
        @WithDefault("data/shipper-registry.json")
        Path path();

        @WithDefault("1s")
        Duration flushInterval();
    }

    interface Redis {
        /** The list or channel name. */
        @WithDefault("logstash")
        String key();

        @WithDefault("list")
        DataType dataType();

        /** Events per {@code RPUSH}. */
        @WithDefault("500")
        int batchSize();

        /** How long a batch that is not full waits for more events. */
        @WithDefault("50ms")
        Duration batchLinger();

        /** Pause reading while the list is longer than this; 0 = never. */
        @WithDefault("0")
        long congestionThreshold();

        /** How often the list length is checked when a threshold is set; 0 = before every batch. */
        @WithDefault("1s")
        Duration congestionInterval();

        /**
         * Write each batch's {@code RPUSH} on the sink's own socket rather than through the Quarkus Redis client,
         * when the connection is plain {@code redis://}: one host of a standalone Redis, or the seed hosts of a
         * Redis Cluster (then one socket per primary, routed by slot); user, password, database from the URL or
         * {@code quarkus.redis.password}. With TLS, a proxy or sentinel the client carries the batches anyway.
         * Side by side on 2 cores (bench/): a third more events/s.
         */
        @WithDefault("true")
        boolean directWrite();

        /**
         * Lists the queue is spread over, for a Redis Cluster: batches go to them in turn. 1 = the key alone, as
         * Logstash does; more: see {@link io.logpipe.common.queue.ShardNames} for their names.
         */
        @WithDefault("1")
        int shards();

        /**
         * Replicas that must hold a batch (Redis {@code WAIT}) before it counts as acknowledged and the registry
         * moves; 0 = the primary's answer suffices. With 1, a primary that dies and is replaced by its replica loses
         * nothing acknowledged.
         */
        @WithDefault("0")
        int waitReplicas();

        /** How long one {@code WAIT} may take; a batch not on enough replicas by then is sent again. */
        @WithDefault("2s")
        Duration waitTimeout();
    }

    /** Logstash redis output {@code data_type}. */
    enum DataType {
        LIST, CHANNEL
    }
}
