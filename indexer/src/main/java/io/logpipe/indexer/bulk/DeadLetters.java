package io.logpipe.indexer.bulk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.logpipe.indexer.index.Document;
import io.logpipe.indexer.index.Timestamps;

/**
 * Dead-letter entries: {@code {"event": …, "index": …, "status": …, "error": …, "@timestamp": …}}.
 *
 * <p>{@code event} is the element as it was in Redis (embedded as JSON when it was a JSON object, else as a
 * string), so an operator can push it back unchanged once the cause is fixed. {@code error} is Elasticsearch's
 * error object (or, for a name the indexer refused itself, one of the same shape).
 */
public final class DeadLetters {
    private final JsonFactory json;
    private final DeadLetterLog log;

    public DeadLetters(JsonFactory json, DeadLetterLog log) {
        this.json = json;
        this.log = log;
    }

    /** @param errorJson the error as JSON (an object), or null to write {@code errorText} as a string */
    public String entry(Document doc, int status, String errorJson, String errorText, Instant now) {
        log.dead(doc.index(), status, errorJson, errorText);
        ByteArrayOutputStream out = new ByteArrayOutputStream(doc.element().length + 256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("event");
            String element = new String(doc.element(), StandardCharsets.UTF_8);
            if (doc.elementIsObject()) {
                g.writeRawValue(element);
            } else {
                g.writeString(element);
            }
            g.writeStringField("index", doc.index());
            g.writeNumberField("status", status);
            g.writeFieldName("error");
            if (errorJson != null) {
                g.writeRawValue(errorJson);
            } else {
                g.writeString(errorText);
            }
            g.writeStringField("@timestamp", Timestamps.format(now));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An entry for an event whose index name is invalid: it was never sent. */
    public String invalidIndex(Document doc, Instant now) {
        StringBuilder error = new StringBuilder("{\"type\":\"invalid_index_name_exception\",\"reason\":");
        appendQuoted(error, "Invalid index name [" + doc.index() + "], " + doc.indexProblem());
        error.append('}');
        return entry(doc, 400, error.toString(), null, now);
    }

    private static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }
}
