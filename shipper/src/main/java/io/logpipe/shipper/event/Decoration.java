package io.logpipe.shipper.event;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an input adds to each of its events.
 *
 * @param type the event's {@code type}, or null
 * @param tags added after the reader's own tags
 * @param fields the event's {@code fields} object (empty: left out)
 */
public record Decoration(String type, List<String> tags, Map<String, String> fields) {
    public static final Decoration NONE = new Decoration(null, List.of(), Map.of());

    public Decoration {
        tags = List.copyOf(tags);
        // Sorted: the same configuration always writes its fields in the same order.
        fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }
}
