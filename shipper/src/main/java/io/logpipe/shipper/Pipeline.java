package io.logpipe.shipper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.codec.Rubydebug;
import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.discover.Discovery;
import io.logpipe.shipper.discover.FileKey;
import io.logpipe.shipper.discover.Fingerprint;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventIds;
import io.logpipe.shipper.event.EventMetadata;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.metrics.ShipperMetrics;
import io.logpipe.shipper.registry.Registry;
import io.logpipe.shipper.registry.RegistryEntry;
import io.logpipe.shipper.sink.Batch;
import io.logpipe.shipper.sink.RedisSink;
import io.logpipe.shipper.stdin.StdinInput;
import io.logpipe.shipper.tail.LineReader;
import io.logpipe.shipper.tail.Message;

/**
 * The pipeline thread: discover → tail → multiline → event → batch, for every file in turn, then the
 * {@link RedisSink} encodes the batch as JSON and sends it, on this same thread. One thread owns all file state and
 * the Redis connection, so there is no locking and no hand-over on the hot path; it blocks only while Redis does
 * not take a batch or answers slower than it reads (backpressure), which is exactly when reading must pause.
 * When there is nothing to read it waits for the answers to what it sent, so offsets are acknowledged.
 */
final class Pipeline {
    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** Bytes read from one file before the others get their turn. */
    private static final long READ_BUDGET = 4L * 1024 * 1024;
    /** A batch is sealed at this many bytes even below batch-size (bounds memory with huge events). */
    static final long BATCH_MAX_BYTES = 4L * 1024 * 1024;
    private static final long IDLE_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long IDLE_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Forget registry entries of files no scan has seen for this long. */
    private static final long REGISTRY_TTL_MILLIS = TimeUnit.HOURS.toMillis(24);

    private final List<InputSettings> inputs;
    private final Map<String, InputSettings> inputsByName = new HashMap<>();
    private final Discovery discovery;
    private final Registry registry;
    private final RedisSink sink;
    private final EventWriter writer;
    private final PrintStream debug;
    private final ShipperConfig.DebugFormat debugFormat;
    /** Reads an event's JSON back for {@link Rubydebug} (debug output only). */
    private final ObjectMapper debugJson = new ObjectMapper();
    private final Decoration stdinDecoration;
    private final ShipperMetrics metrics;
    private final String host;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final StdinInput stdin;
    private final String stdinKey;
    private final int batchSize;
    private final long lingerNanos;
    private final long scanIntervalNanos;
    private final long letGoNanos;

    private final Map<FileKey, TailedFile> files = new LinkedHashMap<>();
    private final Set<FileKey> unopenable = new HashSet<>();
    private final Set<String> firstScanDone = new HashSet<>();
    private Batch batch;
    /** {@link #readMillis}: the file and read offset its time is for (null: read the clock again). */
    private TailedFile stampFile;
    private long stampOffset;
    private long stampMillis;
    private long stdinSequence;
    /** Lines counted since the meters were last updated (a Micrometer increment per line is measurable). */
    private long linesUncounted;
    private long nextScanNanos;
    private volatile boolean running = true;
    private volatile Throwable crashed;
    private final Thread thread;

    Pipeline(ShipperConfig config, List<InputSettings> inputs, Registry registry, RedisSink sink, ShipperMetrics metrics,
            String host, EventMetadata metadata, Clock clock, LongSupplier nanoTime, StdinInput stdin, PrintStream debug) {
        this.inputs = inputs;
        inputs.forEach(i -> inputsByName.put(i.name(), i));
        this.discovery = new Discovery(inputs.stream().map(InputSettings::globs).toList());
        this.registry = registry;
        this.sink = sink;
        this.batch = sink.newBatch();
        this.writer = new EventWriter(host, metadata);
        this.debug = debug;
        this.debugFormat = config.debugFormat();
        this.stdinDecoration = InputSettings.stdinDecoration(config.stdin());
        this.metrics = metrics;
        this.host = host;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.stdin = stdin;
        this.stdinKey = EventIds.sourceKey(host, "stdin", ProcessHandle.current().pid(),
                ProcessHandle.current().info().startInstant().map(Object::toString).orElse(""));
        this.batchSize = Math.max(1, config.redis().batchSize());
        this.lingerNanos = config.redis().batchLinger().toNanos();
        this.scanIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), config.scanInterval().toNanos());
        this.letGoNanos = Math.max(2 * scanIntervalNanos, TimeUnit.SECONDS.toNanos(1));
        this.thread = new Thread(this::run, "shipper-pipeline");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean alive() {
        return crashed == null;
    }

    /**
     * Stops reading, sends the batch being built and waits for Redis's answers, at most {@code timeoutMillis}
     * (then gives up: what Redis did not acknowledge is read again after a restart). Pending multiline lines stay
     * unshipped.
     */
    void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            LOG.warnf("Redis did not take the last batches within %d ms of the stop; what it did not acknowledge is"
                    + " read again after restart", timeoutMillis);
            sink.abort();
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void run() {
        long idle = IDLE_MIN_NANOS;
        try {
            if (!sink.awaitRedis()) {
                return;
            }
            while (running) {
                long now = nanoTime.getAsLong();
                if (now - nextScanNanos >= 0) {
                    scan();
                    nextScanNanos = nanoTime.getAsLong() + scanIntervalNanos;
                }
                boolean progress = false;
                for (Iterator<TailedFile> it = files.values().iterator(); it.hasNext() && running;) {
                    TailedFile f = it.next();
                    try {
                        if (harvest(f)) {
                            progress = true;
                        } else if (f.gone
                                && nanoTime.getAsLong() - Math.max(f.goneSinceNanos, f.lastProgressNanos) >= letGoNanos) {
                            letGo(f);
                            it.remove();
                        }
                    } catch (IOException e) {
                        LOG.warnf("reading %s failed (%s); closing it, the next scan opens it again at the acknowledged"
                                + " offset", f.path, e.toString());
                        f.close();
                        it.remove();
                    }
                }
                progress |= drainStdin();
                if (!batch.isEmpty() && nanoTime.getAsLong() - batch.firstNanos() >= lingerNanos) {
                    seal();
                }
                if (progress) {
                    idle = IDLE_MIN_NANOS;
                } else if (sink.unsettled()) {
                    // Nothing to read: take Redis's answers now rather than with the next batch, so the offsets
                    // of what was sent are acknowledged (and stored) without waiting for more lines.
                    if (!sink.settle()) {
                        break;
                    }
                } else {
                    long wait = idle;
                    if (!batch.isEmpty()) {
                        wait = Math.min(wait, Math.max(0, batch.firstNanos() + lingerNanos - nanoTime.getAsLong()));
                    }
                    LockSupport.parkNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(200)));
                    idle = Math.min(IDLE_MAX_NANOS, idle * 2);
                }
            }
            // Both return early only when stop() gave up waiting, and says so.
            if (!batch.isEmpty()) {
                seal();
            }
            sink.settle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crashed = t;
            LOG.error("the shipper pipeline stopped on an unexpected error; the shipper is no longer live", t);
        } finally {
            files.values().forEach(TailedFile::close);
            metrics.filesTracked.set(0);
        }
    }

    // ---- discovery

    private void scan() {
        Map<FileKey, Discovery.Candidate> found = discovery.scan();
        long nowMillis = clock.millis();
        long now = nanoTime.getAsLong();
        for (Discovery.Candidate c : found.values()) {
            TailedFile f = files.get(c.key());
            if (f == null) {
                open(c);
                continue;
            }
            if (!f.path.equals(c.path())) {
                LOG.infof("%s is now %s (same file %s); still reading it", f.path, c.path(), c.key());
                f.moved(c.path());
            }
            if (f.gone) {
                f.gone = false;
            }
            f.entry.seen(c.path(), c.input(), nowMillis);
        }
        for (TailedFile f : files.values()) {
            if (!f.gone && !found.containsKey(f.key)) {
                f.gone = true;
                f.goneSinceNanos = now;
                LOG.infof("%s was renamed out of the globs or deleted; reading it to its end before letting it go",
                        f.path);
            }
        }
        unopenable.retainAll(found.keySet());
        for (InputSettings input : inputs) {
            if (firstScanDone.add(input.name())) {
                registry.rememberInput(input.name());
            }
        }
        registry.prune(REGISTRY_TTL_MILLIS, files.keySet());
        long behind = 0;
        for (TailedFile f : files.values()) {
            behind += Math.max(0, f.size - f.entry.offset());
        }
        metrics.bytesBehind.set(behind);
        metrics.filesTracked.set(files.size());
    }

    private void open(Discovery.Candidate c) {
        InputSettings input = inputsByName.get(c.input());
        FileChannel channel;
        try {
            channel = FileChannel.open(c.path(), StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            if (unopenable.add(c.key())) {
                LOG.warnf("cannot read %s: permission denied; other files keep flowing, will try again every scan",
                        c.path());
            }
            return;
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            if (unopenable.add(c.key())) {
                LOG.warnf("cannot open %s (%s); will try again every scan", c.path(), e.toString());
            }
            return;
        }
        try {
            long size = channel.size();
            Fingerprint fingerprint = Fingerprint.of(channel);
            RegistryEntry entry = registry.get(c.key());
            if (entry != null && entry.fingerprint() != null && !entry.fingerprint().matches(channel)) {
                LOG.infof("%s has the inode of a file read before (%s) but other content; reading it as a new file",
                        c.path(), entry.path());
                entry = null;
            }
            long start;
            int generation;
            String why;
            if (entry != null) {
                generation = entry.generation();
                start = entry.offset();
                why = "resuming at the acknowledged offset";
                if (size < start) {
                    LOG.infof("%s is shorter (%d bytes) than its stored offset %d: it was truncated; reading it from 0",
                            c.path(), size, start);
                    generation++;
                    start = 0;
                    fingerprint = null;
                    entry.acknowledge(generation, 0, null);
                } else if (entry.fingerprint() != null) {
                    fingerprint = entry.fingerprint();
                }
                entry.seen(c.path(), c.input(), clock.millis());
            } else {
                boolean startUp = !firstScanDone.contains(c.input()) && !registry.knowsInput(c.input());
                boolean end = startUp && input.startPosition() == ShipperConfig.StartPosition.END;
                start = end ? size : 0;
                generation = 0;
                why = end ? "start-position end" : startUp ? "start-position beginning" : "a new file";
                entry = registry.create(c.key(), c.path(), c.input(), start, generation, fingerprint);
            }
            TailedFile f = new TailedFile(c.key(), c.path(), input, channel, entry, host, generation, fingerprint);
            f.size = size;
            f.lastProgressNanos = nanoTime.getAsLong();
            f.readFrom(start, observer(f), nanoTime);
            files.put(c.key(), f);
            unopenable.remove(c.key());
            LOG.infof("reading %s (input %s) from offset %d: %s", c.path(), c.input(), start, why);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was read from it.
            }
            if (unopenable.add(c.key())) {
                LOG.warnf("cannot read %s (%s); will try again every scan", c.path(), e.toString());
            }
        }
    }

    private LineReader.Observer observer(TailedFile f) {
        return new LineReader.Observer() {
            @Override
            public void invalidUtf8(long lineOffset) {
                if (!f.warnedInvalidUtf8) {
                    f.warnedInvalidUtf8 = true;
                    LOG.warnf("%s has bytes that are not UTF-8 (first at the line at offset %d); they are shipped as"
                            + " U+FFFD (logged once per file)", f.path, lineOffset);
                }
            }

            @Override
            public void splitLine(long lineOffset) {
                if (!f.warnedSplit) {
                    f.warnedSplit = true;
                    LOG.warnf("%s has a line longer than max-line-bytes (%d) at offset %d; it is shipped in pieces"
                            + " tagged split_line (logged once per file)", f.path, f.input.maxLineBytes(), lineOffset);
                }
            }
        };
    }

    // ---- reading

    /** Reads what is ready in one file (up to a budget); true if anything was read or emitted. */
    private boolean harvest(TailedFile f) throws IOException, InterruptedException {
        stampFile = null;
        long size = f.channel.size();
        if (size < f.lines.readOffset()) {
            truncated(f, size);
        } else if (size > f.lines.readOffset() && f.fingerprint != null && !f.fingerprint.matches(f.channel)) {
            // Copy-truncate followed by more writes than had been read: the size cannot tell, the first line can.
            // Checked before reading the new bytes, so none of them is read at the old offset.
            truncated(f, size);
        }
        f.size = size;
        long before = f.lines.readOffset();
        boolean emitted = false;
        Message m;
        while (running && (m = f.chain.next()) != null) {
            emit(f, m);
            emitted = true;
            if (f.lines.readOffset() - before >= READ_BUDGET) {
                break;
            }
        }
        countLines();
        long read = f.lines.readOffset() - before;
        if (read > 0) {
            metrics.bytesRead.increment(read);
            f.lastProgressNanos = nanoTime.getAsLong();
        }
        return read > 0 || emitted;
    }

    private void truncated(TailedFile f, long size) throws IOException, InterruptedException {
        LOG.infof("%s was truncated (now %d bytes, %s %d read); shipping what was held and reading it again from 0",
                f.path, size, size < f.lines.readOffset() ? "fewer than the" : "with a new first line after the",
                f.lines.readOffset());
        Message m;
        while ((m = f.chain.drain()) != null) {
            emit(f, m);
        }
        f.truncated();
        batch.mark(f.entry, f.generation, 0, null, nanoTime);
        f.readFrom(0, observer(f), nanoTime);
    }

    /** A file that is gone and was read to its end: ship what it held back, then close it. */
    private void letGo(TailedFile f) throws IOException, InterruptedException {
        stampFile = null;
        if (f.lines.holdsPartialLine()) {
            LOG.infof("%s is gone and ends with %d bytes without a newline; shipping them as its last line", f.path,
                    f.lines.readOffset() - f.lines.lineOffset());
        }
        Message m;
        while ((m = f.chain.drain()) != null) {
            emit(f, m);
        }
        countLines();
        f.close();
        LOG.infof("let go of %s (read to its end at offset %d)", f.path, f.lines.readOffset());
        metrics.filesTracked.set(files.size() - 1);
    }

    private boolean drainStdin() throws IOException, InterruptedException {
        if (stdin == null) {
            return false;
        }
        boolean any = false;
        Message m;
        for (int i = 0; i < batchSize && (m = stdin.poll()) != null; i++) {
            any = true;
            linesUncounted++;
            metrics.bytesRead.increment(m.endOffset() - m.offset());
            if (m.isEmpty()) {
                continue;
            }
            Event event = new Event(clock.millis(), m, null, stdinKey, stdinSequence++, stdinDecoration);
            debug(event);
            batch.add(event, nanoTime);
            sealIfFull();
        }
        countLines();
        return any;
    }

    // ---- events and batches

    private void countLines() {
        if (linesUncounted > 0) {
            metrics.linesRead.increment(linesUncounted);
            linesUncounted = 0;
        }
    }

    private void emit(TailedFile f, Message m) throws IOException, InterruptedException {
        linesUncounted += m.lines();
        if (!m.isEmpty()) {
            Event event = new Event(readMillis(f), m, f.pathString, f.sourceKey(), m.offset(), f.input.decoration());
            debug(event);
            batch.add(event, nanoTime);
        }
        batch.mark(f.entry, f.generation, m.endOffset(), f.fingerprint, nanoTime);
        sealIfFull();
    }

    /**
     * When the event was read: the clock as of the file's latest read. It is read again once the file's reader
     * took in more bytes, and at the start of a harvest or a let-go, not for every event (the clock was a sixth of
     * the reading thread's time). The events of one read (128 KiB, more only for a longer line) thus share the
     * time of the first of them: under a millisecond after the read at the reading thread's pace.
     */
    private long readMillis(TailedFile f) {
        long offset = f.lines.readOffset();
        if (f != stampFile || offset != stampOffset) {
            stampMillis = clock.millis();
            stampFile = f;
            stampOffset = offset;
        }
        return stampMillis;
    }

    /** The event on the debug output ({@code shipper.debug-output}), as {@code shipper.debug-format} says. */
    private void debug(Event e) throws IOException {
        if (debug == null) {
            return;
        }
        switch (debugFormat) {
            case JSON -> writer.writePretty(debug, e.epochMillis(), e.message(), e.path(), e.id(), e.decoration());
            case JSON_LINES -> {
                debug.write(writer.write(e.epochMillis(), e.message(), e.path(), e.id(), e.decoration()));
                debug.write('\n');
            }
            case RUBYDEBUG -> debug.write(Rubydebug.format(debugJson.readTree(
                    writer.write(e.epochMillis(), e.message(), e.path(), e.id(), e.decoration())))
                    .getBytes(StandardCharsets.UTF_8));
        }
        debug.flush();
    }

    private void sealIfFull() throws InterruptedException {
        if (batch.size() >= batchSize || batch.bytes() >= BATCH_MAX_BYTES) {
            seal();
        }
    }

    /** Sends the batch, waiting while Redis does not take it (aborted at shutdown: kept, unacknowledged). */
    private void seal() throws InterruptedException {
        if (sink.send(batch)) {
            batch = sink.newBatch();
        }
    }
}
