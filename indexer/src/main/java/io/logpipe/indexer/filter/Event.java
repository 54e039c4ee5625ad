package io.logpipe.indexer.filter;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.indexer.index.Timestamps;

/**
 * The event as the filters see it: the parsed JSON object, read and written by {@link FieldRef}. Values are
 * Jackson nodes, so types survive (a grok {@code :int} capture is indexed as a number). {@code @timestamp} is kept
 * as its ISO-8601 text, as it goes to Elasticsearch; {@code @metadata} is a field like the others here and is
 * never indexed. One event is filtered by one worker at a time: not thread-safe.
 */
public final class Event {
    public static final FieldRef TAGS = FieldRef.parse("tags");
    public static final FieldRef TIMESTAMP = FieldRef.parse("@timestamp");
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;
    private boolean cancelled;

    public Event(ObjectNode root) {
        this.root = root;
    }

    public ObjectNode root() {
        return root;
    }

    /** The value, or null when the field (or a parent) is missing. */
    public JsonNode get(FieldRef ref) {
        JsonNode node = root;
        for (String segment : ref.path()) {
            node = child(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** A string field's text; a number or boolean as text; null when missing, null, an object or an array. */
    public String text(FieldRef ref) {
        JsonNode value = get(ref);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }

    public boolean includes(FieldRef ref) {
        return get(ref) != null;
    }

    /**
     * Sets the value, creating missing parents as objects. A parent that exists and is not an object is replaced
     * by an object, as Logstash does when it sets {@code [a][b]} over a string {@code [a]}.
     */
    public void set(FieldRef ref, JsonNode value) {
        List<String> path = ref.path();
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            JsonNode next = child(node, segment);
            if (next == null || !next.isContainerNode()) {
                next = NODES.objectNode();
                put(node, segment, next);
            }
            node = next;
        }
        put(node, path.get(path.size() - 1), value);
    }

    public void set(FieldRef ref, String value) {
        set(ref, TextNode.valueOf(value));
    }

    /** Removes the field; returns what was there, or null. */
    public JsonNode remove(FieldRef ref) {
        List<String> path = ref.path();
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i));
            if (parent == null) {
                return null;
            }
        }
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            return object.remove(last);
        }
        if (parent instanceof ArrayNode array) {
            int index = index(array, last);
            return index < 0 ? null : array.remove(index);
        }
        return null;
    }

    /** Adds the tag unless the event has it; a {@code tags} that is not an array becomes one holding it. */
    public void tag(String tag) {
        ArrayNode tags = tags();
        for (JsonNode existing : tags) {
            if (existing.isTextual() && existing.textValue().equals(tag)) {
                return;
            }
        }
        tags.add(tag);
    }

    public boolean hasTag(String tag) {
        JsonNode tags = root.get("tags");
        if (tags == null) {
            return false;
        }
        if (tags.isTextual()) {
            return tags.textValue().equals(tag);
        }
        for (JsonNode existing : tags) {
            if (existing.isTextual() && existing.textValue().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    public void removeTag(String tag) {
        JsonNode tags = root.get("tags");
        if (tags instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).isTextual() && array.get(i).textValue().equals(tag)) {
                    array.remove(i);
                }
            }
        } else if (tags != null && tags.isTextual() && tags.textValue().equals(tag)) {
            root.remove("tags");
        }
    }

    private ArrayNode tags() {
        JsonNode tags = root.get("tags");
        if (tags instanceof ArrayNode array) {
            return array;
        }
        ArrayNode array = NODES.arrayNode();
        if (tags != null && !tags.isNull()) {
            array.add(tags);
        }
        root.set("tags", array);
        return array;
    }

    /** The event's time; null when {@code @timestamp} is missing or not ISO-8601 (the decoder sets one first). */
    public Instant timestamp() {
        JsonNode value = root.get("@timestamp");
        return value != null && value.isTextual() ? Timestamps.parse(value.textValue()) : null;
    }

    public void timestamp(Instant time) {
        root.put("@timestamp", Timestamps.format(time));
    }

    /** Drops the event: no later filter sees it and it is not indexed (its element is acknowledged all the same). */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node instanceof ObjectNode object) {
            return object.get(segment);
        }
        if (node instanceof ArrayNode array) {
            int index = index(array, segment);
            return index < 0 ? null : array.get(index);
        }
        return null;
    }

    private static void put(JsonNode parent, String segment, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.set(segment, value);
        } else if (parent instanceof ArrayNode array) {
            int index = index(array, segment);
            if (index < 0) {
                throw new IllegalArgumentException("cannot set [" + segment + "] of an array of " + array.size());
            }
            array.set(index, value);
        }
    }

    /** A numeric segment as an array index (negative counts from the end, as in Logstash), or -1. */
    private static int index(ArrayNode array, String segment) {
        int n;
        try {
            n = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            return -1;
        }
        int index = n < 0 ? array.size() + n : n;
        return index >= 0 && index < array.size() ? index : -1;
    }
}
