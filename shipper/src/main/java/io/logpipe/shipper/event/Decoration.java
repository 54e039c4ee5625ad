package io.logpipe.shipper.event;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an input adds to each of its events.
 *
 * @param type the event's {@code type}, or null
 * @param tags added after the reader's own tags
 * @param fields the event's {@code fields} object (empty: left out)
 * @param rootFields string fields at the event's root, after everything else (Logstash's {@code add_field}); never
 *     one of {@link #WRITTEN_FIELDS}
 */
public record Decoration(String type, List<String> tags, Map<String, String> fields, Map<String, String> rootFields) {
    public static final Decoration NONE = new Decoration(null, List.of(), Map.of());

    /** The root fields the event writer writes itself: a root field of the same name would be a duplicate key. */
    public static final Set<String> WRITTEN_FIELDS = Set.of("@timestamp", "@version", "message", "host", "log", "event",
            "type", "tags", "fields");

    public Decoration {
        tags = List.copyOf(tags);
        // Sorted: the same configuration always writes its fields in the same order.
        fields = Collections.unmodifiableMap(new TreeMap<>(fields));
        rootFields = Collections.unmodifiableMap(new TreeMap<>(rootFields));
        for (String name : rootFields.keySet()) {
            if (WRITTEN_FIELDS.contains(name)) {
                throw new IllegalArgumentException("a field added at the event's root cannot be " + name
                        + ": the shipper writes that field itself");
            }
        }
    }

    public Decoration(String type, List<String> tags, Map<String, String> fields) {
        this(type, tags, fields, Map.of());
    }
}
