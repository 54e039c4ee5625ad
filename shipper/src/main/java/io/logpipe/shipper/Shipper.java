package io.logpipe.shipper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.logpipe.common.Backoff;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.metrics.ShipperMetrics;
import io.logpipe.shipper.registry.Registry;
import io.logpipe.shipper.sink.RedisSink;
import io.logpipe.shipper.stdin.StdinInput;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.Redis;

/**
 * The shipper as one object: registry, pipeline thread (with its Redis sink) and registry flusher, started and
 * stopped together. The Quarkus wiring ({@link ShipperService}) creates one; tests create their own.
 *
 * <p>Stopping is graceful: reading stops, batches already built are sent (within a grace period), and the
 * registry is written with what Redis acknowledged. Lines of a pending multiline event or not yet sent are not
 * in the registry, so they are read again after a restart.
 */
public final class Shipper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Shipper.class);
    /** How long stopping waits for Redis to take what was already read. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Registry registry;
    private final RedisSink sink;
    private final Pipeline pipeline;
    private final StdinInput stdin;
    private final ScheduledExecutorService flusher;
    private final Duration flushInterval;
    private boolean closed;

    /**
     * @param direct where the sink writes a list's batches on its own socket ({@code shipper.redis.direct-write});
     *     empty: through {@code redis}
     * @param stdinStream standard input (used only when {@code shipper.stdin.enabled})
     * @param debugOut where {@code shipper.debug-output} prints (standard output)
     */
    public Shipper(ShipperConfig config, Redis redis, Optional<RedisRoutes> direct, MeterRegistry meters,
            Clock clock, LongSupplier nanoTime, String host, InputStream stdinStream, PrintStream debugOut)
            throws IOException {
        List<InputSettings> inputs = new ArrayList<>();
        for (Map.Entry<String, ShipperConfig.Input> e : config.inputs().entrySet()) {
            inputs.add(InputSettings.of(e.getKey(), e.getValue()));
        }
        inputs.sort((a, b) -> a.name().compareTo(b.name()));
        if (inputs.isEmpty() && !config.stdin().enabled()) {
            LOG.warn("no input configured (shipper.inputs.<name>.paths or shipper.stdin.enabled); nothing to ship");
        }
        ShipperMetrics metrics = new ShipperMetrics(meters);
        this.registry = Registry.open(config.registry().path(), clock::millis);
        this.sink = new RedisSink(redis, direct, new EventWriter(host), config.redis(), metrics,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), nanoTime);
        this.stdin = config.stdin().enabled() ? new StdinInput(stdinStream, 1024 * 1024) : null;
        this.pipeline = new Pipeline(config, inputs, registry, sink, metrics, host, clock, nanoTime, stdin,
                config.debugOutput() ? debugOut : null);
        this.flushInterval = config.registry().flushInterval();
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shipper-registry-flusher");
            t.setDaemon(true);
            return t;
        });
        LOG.infof("shipping inputs %s%s to Redis %s '%s' (batch-size %d, batch-linger %s%s); registry %s",
                inputs.stream().map(InputSettings::name).toList(), stdin != null ? " and stdin" : "",
                config.redis().dataType().name().toLowerCase(), sink.keys().size() == 1 ? sink.keys().get(0)
                        : String.join(",", sink.keys()), config.redis().batchSize(),
                config.redis().batchLinger(),
                sink.direct().map(e -> ", direct socket to " + e).orElse(""),
                registry.path());
    }

    public Shipper start() {
        if (stdin != null) {
            stdin.start();
        }
        pipeline.start();
        long every = Math.max(10, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushRegistry, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** False once the pipeline thread (which also sends to Redis) died of an unexpected error (liveness). */
    public boolean alive() {
        return pipeline.alive();
    }

    private void flushRegistry() {
        try {
            registry.flush();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot write the registry %s (%s); will try again", registry.path(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pipeline.stop(STOP_GRACE.toMillis());
            sink.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flusher.shutdownNow();
            flushRegistry();
            LOG.info("shipper stopped; registry written");
        }
    }

    /** The host name events carry: $HOSTNAME (the pod name on Kubernetes), else the local host name. */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
