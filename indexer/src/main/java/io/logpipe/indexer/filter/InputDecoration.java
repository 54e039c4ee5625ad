package io.logpipe.indexer.filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What a Logstash input adds to each event it reads ({@code type} where the event has none, {@code tags},
 * {@code add_field}), for the indexer's {@code input { redis { type tags add_field } }}: it runs first, before the
 * filters, as the input's decoration runs before Logstash's filters.
 */
public final class InputDecoration implements Filter {
    private static final FieldRef TYPE = FieldRef.parse("type");

    private final String type;
    private final List<String> tags;
    private final Map<FieldRef, String> fields;

    private InputDecoration(String type, List<String> tags, Map<FieldRef, String> fields) {
        this.type = type;
        this.tags = tags;
        this.fields = fields;
    }

    /** Empty when nothing is to be added. */
    public static Optional<InputDecoration> of(Optional<String> type, List<String> tags, Map<String, String> fields) {
        if (type.isEmpty() && tags.isEmpty() && fields.isEmpty()) {
            return Optional.empty();
        }
        Map<FieldRef, String> refs = new LinkedHashMap<>();
        fields.forEach((k, v) -> refs.put(FieldRef.parse(k), v));
        return Optional.of(new InputDecoration(type.orElse(null), List.copyOf(tags), refs));
    }

    @Override
    public boolean filter(Event event) {
        if (type != null && !event.includes(TYPE)) {
            event.set(TYPE, type);
        }
        for (String tag : tags) {
            event.tag(tag);
        }
        fields.forEach((ref, value) -> event.set(ref, TextNode.valueOf(value)));
        return true;
    }
}
