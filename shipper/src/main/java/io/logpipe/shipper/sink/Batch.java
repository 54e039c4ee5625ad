package io.logpipe.shipper.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.logpipe.shipper.discover.Fingerprint;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.registry.RegistryEntry;

/**
 * Events for one {@code RPUSH}, and for each file they came from the offset to store once Redis acknowledged
 * them. A batch may hold offsets only (bytes that made no event: empty lines, a truncation reset); it is then
 * acknowledged without a Redis call, in order with the batches around it. Built, sent and acknowledged by the
 * pipeline thread; the events are encoded to JSON by the sink when the batch is sent.
 */
public final class Batch {
    /** Envelope bytes of an event besides its message, for the size cut (the exact size is known once encoded). */
    private static final int ENVELOPE_ESTIMATE = 256;
    private final List<Event> events = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>(4);
    private Mark last;
    private long bytes;
    private long firstNanos;
    private List<byte[]> json;
    private long jsonBytes;

    private static final class Mark {
        final RegistryEntry entry;
        int generation;
        long offset;
        Fingerprint fingerprint;

        Mark(RegistryEntry entry) {
            this.entry = entry;
        }
    }

    /** Adds an event; {@code nanoTime} starts the batch's linger time when it is the batch's first entry. */
    public void add(Event event, LongSupplier nanoTime) {
        touch(nanoTime);
        events.add(event);
        bytes += event.message().utf8().length + ENVELOPE_ESTIMATE;
    }

    /** Once this batch is acknowledged, {@code entry} may store {@code offset} of {@code generation}. */
    public void mark(RegistryEntry entry, int generation, long offset, Fingerprint fingerprint,
            LongSupplier nanoTime) {
        touch(nanoTime);
        Mark m = last;
        if (m == null || m.entry != entry) {
            m = null;
            for (Mark candidate : marks) {
                if (candidate.entry == entry) {
                    m = candidate;
                    break;
                }
            }
            if (m == null) {
                m = new Mark(entry);
                marks.add(m);
            }
            last = m;
        }
        m.generation = generation;
        m.offset = offset;
        m.fingerprint = fingerprint;
    }

    /** The clock is read for the first event or offset only (once per event was a tenth of the reading thread). */
    private void touch(LongSupplier nanoTime) {
        if (events.isEmpty() && marks.isEmpty()) {
            firstNanos = nanoTime.getAsLong();
        }
    }

    public boolean isEmpty() {
        return events.isEmpty() && marks.isEmpty();
    }

    public int size() {
        return events.size();
    }

    /** About the bytes the events take as JSON (for bounding a batch's size). */
    public long bytes() {
        return bytes;
    }

    /** When the first event or offset went in (for batch-linger). */
    public long firstNanos() {
        return firstNanos;
    }

    List<Event> events() {
        return events;
    }

    /**
     * The events as JSON, in order, for the Redis client (set by the sink once it encoded them); null when the
     * sink framed them straight into its own command ({@link DirectRedis}).
     */
    List<byte[]> json() {
        return json;
    }

    /** Exact JSON bytes, once encoded. */
    long jsonBytes() {
        return jsonBytes;
    }

    /** The events as JSON (null: framed directly), {@code bytes} in all. */
    void encoded(List<byte[]> json, long bytes) {
        this.json = json;
        this.jsonBytes = bytes;
    }

    /** Redis has the events: let the registry store the offsets. */
    void acknowledged() {
        for (Mark m : marks) {
            m.entry.acknowledge(m.generation, m.offset, m.fingerprint);
        }
    }
}
