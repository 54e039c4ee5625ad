package io.logpipe.indexer.filter.plugin;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.index.Timestamps;

/**
 * Logstash's {@code json} filter: parses the text of {@code source} and stores the value at {@code target}, or,
 * without a target, sets each key of the parsed object as a top-level field (replacing what was there, {@code tags}
 * included, as Logstash's {@code event.set} does).
 *
 * <p>A parsed {@code @timestamp} becomes the event's time when it is ISO-8601; otherwise the event is tagged
 * {@code _timestampparsefailure} and the text kept in {@code _@timestamp}, as in Logstash. Logstash then sets the
 * time to "now"; logpipe keeps the time the event already has (set when it was read), so a redelivered event is
 * filed under the same daily index, and uses the clock only when the event has none.
 *
 * <p>Not JSON (trailing text after the value included, which Logstash's parser may ignore) is tagged
 * {@code tag_on_failure} unless {@code skip_on_invalid_json}. A missing, null or empty (blank) source is left alone,
 * not a failure.
 */
public final class JsonFilter implements Filter {
    /** Thread-safe once configured. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String TIMESTAMP_FAILURE_TAG = "_timestampparsefailure";
    static final String TIMESTAMP_FAILURE_FIELD = "_@timestamp";

    private final FieldRef source;
    private final FieldRef target;
    private final boolean skipOnInvalidJson;
    private final String[] tagOnFailure;
    private final Clock clock;

    public JsonFilter(Options options) {
        this(options, Clock.systemUTC());
    }

    JsonFilter(Options options, Clock clock) {
        this.clock = clock;
        source = FieldRef.option(options, "source",
                options.string("source").orElseThrow(() -> options.error("source", "source is required")));
        target = options.string("target").map(t -> FieldRef.option(options, "target", t)).orElse(null);
        skipOnInvalidJson = options.bool("skip_on_invalid_json", false);
        tagOnFailure = options.has("tag_on_failure") ? options.strings("tag_on_failure").toArray(String[]::new)
                : new String[] {"_jsonparsefailure"};
    }

    @Override
    public boolean filter(Event event) {
        JsonNode value = event.get(source);
        if (value == null || value.isNull() || value.isBoolean() && !value.booleanValue()) {
            return false; // Logstash: "return unless source"
        }
        if (value.isTextual() && value.textValue().isBlank()) {
            return false;
        }
        JsonNode parsed;
        try {
            // Logstash's parser takes only text: a number, object or array in the source field is not JSON text.
            parsed = value.isTextual() ? JSON.readTree(value.textValue()) : null;
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null) {
            return skipOnInvalidJson ? false : failed(event);
        }
        try {
            if (target != null) {
                event.set(target, parsed);
                return true;
            }
            if (!(parsed instanceof ObjectNode object)) {
                return failed(event); // Logstash: a value other than an object needs a target
            }
            merge(event, object);
            return true;
        } catch (RuntimeException e) {
            return failed(event); // Logstash tags any error while applying the result
        }
    }

    private void merge(Event event, ObjectNode object) {
        JsonNode timestamp = object.remove("@timestamp");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            event.root().set(field.getKey(), field.getValue());
        }
        if (timestamp == null || timestamp.isNull()) {
            return;
        }
        Instant time = timestamp.isTextual() ? Timestamps.parse(timestamp.textValue()) : null;
        if (time != null) {
            event.timestamp(time);
            return;
        }
        if (event.timestamp() == null) {
            event.timestamp(clock.instant());
        }
        event.tag(TIMESTAMP_FAILURE_TAG);
        event.root().put(TIMESTAMP_FAILURE_FIELD, timestamp.isValueNode() ? timestamp.asText() : timestamp.toString());
    }

    private boolean failed(Event event) {
        for (String tag : tagOnFailure) {
            event.tag(tag);
        }
        return false;
    }
}
