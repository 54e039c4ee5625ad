package io.logpipe.shipper.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.logpipe.common.resp.RespCommand;
import io.logpipe.shipper.discover.Fingerprint;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.registry.RegistryEntry;

/**
 * Events for one {@code RPUSH}, and for each file they came from the offset to store once Redis acknowledged
 * them. A batch may hold offsets only (bytes that made no event: empty lines, a truncation reset); it is then
 * acknowledged without a Redis call, in order with the batches around it. Made by {@link RedisSink#newBatch},
 * built, sent and acknowledged by the pipeline thread.
 *
 * <p>Each event is encoded to JSON as it is added, straight into the batch's {@code RPUSH} command when the sink
 * writes on its own socket: an event's message is a view of its reader's buffer, valid only until the reader
 * reads on, and a batch sent again after a failure is written again from the same bytes.
 */
public final class Batch {
    private final EventWriter writer;
    /** The batch's RPUSH for the sink's own socket (its key already in); null when the client sends it. */
    private final RespCommand command;
    /** Which of the queue's lists this batch goes to (its command already names it). */
    private final int shard;
    /** Each event's JSON, for the client; null with a {@link #command}. */
    private final List<byte[]> json;
    /** Encodes the event being added straight into the command (null without a command). */
    private final EventArgument inPlace;
    private final List<Mark> marks = new ArrayList<>(4);
    private Mark last;
    private int size;
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

    /** An event's JSON as the command's next argument, written by the event writer into the command's array. */
    private static final class EventArgument implements RespCommand.InPlace {
        private final EventWriter writer;
        private Event event;

        EventArgument(EventWriter writer) {
            this.writer = writer;
        }

        EventArgument of(Event e) {
            event = e;
            return this;
        }

        @Override
        public int writeAt(byte[] target, int from) {
            return writer.encodeAt(event, target, from);
        }

        @Override
        public byte[] array() {
            return writer.buffer();
        }
    }

    Batch(EventWriter writer, RespCommand command, int shard) {
        this.writer = writer;
        this.command = command;
        this.shard = shard;
        this.inPlace = command == null ? null : new EventArgument(writer);
        this.json = command == null ? new ArrayList<>() : null;
    }

    /** Adds an event, encoded now; {@code nanoTime} starts the batch's linger time when it is the first entry. */
    public void add(Event event, LongSupplier nanoTime) {
        touch(nanoTime);
        if (command != null) {
            bytes += command.arg(inPlace.of(event));
        } else {
            byte[] encoded = writer.encode(event);
            json.add(encoded);
            bytes += encoded.length;
        }
        size++;
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
        if (size == 0 && marks.isEmpty()) {
            firstNanos = nanoTime.getAsLong();
        }
    }

    int shard() {
        return shard;
    }

    public boolean isEmpty() {
        return size == 0 && marks.isEmpty();
    }

    public int size() {
        return size;
    }

    /** The events' JSON bytes (for bounding a batch's size, and the shipped-bytes meter). */
    public long bytes() {
        return bytes;
    }

    /** When the first event or offset went in (for batch-linger). */
    public long firstNanos() {
        return firstNanos;
    }

    /** The RPUSH for the sink's own socket, or null. */
    RespCommand command() {
        return command;
    }

    /** The events' JSON, in order, for the client; null when they are in {@link #command()}. */
    List<byte[]> json() {
        return json;
    }

    /** Redis has the events: let the registry store the offsets. */
    void acknowledged() {
        for (Mark m : marks) {
            m.entry.acknowledge(m.generation, m.offset, m.fingerprint);
        }
    }
}
