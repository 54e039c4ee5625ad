package io.logpipe.shipper.sink;

import java.util.ArrayList;
import java.util.List;

import io.logpipe.shipper.discover.Fingerprint;
import io.logpipe.shipper.registry.RegistryEntry;

/**
 * Events for one {@code RPUSH}, and for each file they came from the offset to store once Redis acknowledged
 * them. A batch may hold offsets only (bytes that made no event: empty lines, a truncation reset); it is then
 * acknowledged without a Redis call, in order with the batches around it. Built by one thread, then handed over.
 */
public final class Batch {
    private final List<byte[]> events = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>(4);
    private Mark last;
    private long bytes;
    private long firstNanos;

    private static final class Mark {
        final RegistryEntry entry;
        int generation;
        long offset;
        Fingerprint fingerprint;

        Mark(RegistryEntry entry) {
            this.entry = entry;
        }
    }

    public void add(byte[] event, long nowNanos) {
        touch(nowNanos);
        events.add(event);
        bytes += event.length;
    }

    /** Once this batch is acknowledged, {@code entry} may store {@code offset} of {@code generation}. */
    public void mark(RegistryEntry entry, int generation, long offset, Fingerprint fingerprint, long nowNanos) {
        touch(nowNanos);
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

    private void touch(long nowNanos) {
        if (events.isEmpty() && marks.isEmpty()) {
            firstNanos = nowNanos;
        }
    }

    public boolean isEmpty() {
        return events.isEmpty() && marks.isEmpty();
    }

    public int size() {
        return events.size();
    }

    public long bytes() {
        return bytes;
    }

    /** When the first event or offset went in (for batch-linger). */
    public long firstNanos() {
        return firstNanos;
    }

    List<byte[]> events() {
        return events;
    }

    /** Redis has the events: let the registry store the offsets. */
    void acknowledged() {
        for (Mark m : marks) {
            m.entry.acknowledge(m.generation, m.offset, m.fingerprint);
        }
    }
}
