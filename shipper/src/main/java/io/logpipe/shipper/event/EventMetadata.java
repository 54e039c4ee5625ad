package io.logpipe.shipper.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Objects the shipper adds at the root of every event, whatever its input (the pod's {@code kubernetes.*} and
 * {@code container.*}): written after the input's root fields.
 *
 * <p>Encoded to JSON once per change, not per event: the event writers copy the bytes (they notice a change by
 * the identity of {@link #current()}, one volatile read per event). Changes are rare (a pod's labels edited at run
 * time) and may come from another thread than the writers'.
 */
public final class EventMetadata {
    /** Before {@link #NONE}: its initial value. */
    private static final Snapshot EMPTY = new Snapshot(Map.of(), new byte[0]);

    /** Adds nothing (the default). */
    public static final EventMetadata NONE = new EventMetadata();

    /**
     * One version of the metadata.
     *
     * @param tree names to strings or nested maps of the same kind, sorted
     * @param json {@code ,"name":value} for every root name, as Jackson writes it compactly; empty for no metadata
     */
    public record Snapshot(Map<String, Object> tree, byte[] json) {
    }

    private volatile Snapshot current = EMPTY;

    /** The current version; the same object until the next {@link #set}. */
    public Snapshot current() {
        return current;
    }

    /** The names this metadata writes at the event's root (an input's root field of the same name would clash). */
    public Set<String> rootNames() {
        return current.tree().keySet();
    }

    /**
     * Replaces the metadata; events encoded from now on carry it.
     *
     * @param tree names to strings or nested maps of the same kind; none of {@link Decoration#WRITTEN_FIELDS}
     */
    public void set(Map<String, ?> tree) {
        if (this == NONE) {
            throw new IllegalStateException("EventMetadata.NONE is shared and stays empty");
        }
        Map<String, Object> sorted = sortedCopy(tree);
        for (String name : sorted.keySet()) {
            if (Decoration.WRITTEN_FIELDS.contains(name)) {
                throw new IllegalArgumentException("metadata cannot replace the event's own field " + name);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = EventWriter.JSON.createGenerator(bytes)) {
            // Written inside an object and cut out of it: the writer appends the members after the root fields.
            g.writeStartObject();
            g.writeStringField("_", "");
            writeMembers(g, sorted);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        int skip = "{\"_\":\"\"".length();
        byte[] members = new byte[all.length - skip - 1];
        System.arraycopy(all, skip, members, 0, members.length);
        current = new Snapshot(sorted, members);
    }

    /** The members of {@code tree} into the object {@code g} is writing (the debug output, and the reference). */
    static void writeMembers(JsonGenerator g, Map<String, Object> tree) throws IOException {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Map<?, ?> nested) {
                g.writeStartObject();
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                writeMembers(g, inner);
                g.writeEndObject();
            } else {
                g.writeString((String) e.getValue());
            }
        }
    }

    private static Map<String, Object> sortedCopy(Map<String, ?> tree) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, ?> e : tree.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) nested;
                sorted.put(e.getKey(), sortedCopy(inner));
            } else if (value instanceof String s) {
                sorted.put(e.getKey(), s);
            } else {
                throw new IllegalArgumentException("metadata " + e.getKey() + " is neither a string nor an object: " + value);
            }
        }
        return Collections.unmodifiableMap(sorted);
    }
}
