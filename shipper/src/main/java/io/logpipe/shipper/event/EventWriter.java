package io.logpipe.shipper.event;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import io.logpipe.shipper.tail.Message;

/**
 * Writes events in the wire format of DESIGN.md (Logstash 8 in ECS mode):
 * {@code {"@timestamp","@version":"1","message","host":{"name"},"log":{"file":{"path"},"offset"},"event":{"id"},
 * "type","tags","fields"}}. {@code log} is left out for events that have no file; {@code type}, {@code tags}
 * and {@code fields} when empty.
 *
 * <p>One long-lived Jackson generator writes into one reused buffer; each event costs one byte[] copy.
 * Not thread-safe: one writer per pipeline thread.
 */
public final class EventWriter {
    /** Tag of an event that joins more than one line. */
    public static final String TAG_MULTILINE = "multiline";
    public static final String TAG_MAX_LINES = "multiline_codec_max_lines_reached";
    public static final String TAG_MAX_BYTES = "multiline_codec_max_bytes_reached";
    public static final String TAG_SPLIT_LINE = "split_line";
    private static final JsonFactory JSON = new JsonFactory();
    private static final SerializableString TIMESTAMP = new SerializedString("@timestamp");
    private static final SerializableString VERSION = new SerializedString("@version");
    private static final SerializableString ONE = new SerializedString("1");
    private static final SerializableString MESSAGE = new SerializedString("message");
    private static final SerializableString HOST = new SerializedString("host");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString LOG = new SerializedString("log");
    private static final SerializableString FILE = new SerializedString("file");
    private static final SerializableString PATH = new SerializedString("path");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString EVENT = new SerializedString("event");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString TAGS = new SerializedString("tags");
    private static final SerializableString FIELDS = new SerializedString("fields");

    private static final SerializableString RAW_TIMESTAMP = new SerializedString("{\"@timestamp\":");
    private static final SerializableString RAW_MESSAGE = new SerializedString(",\"@version\":\"1\",\"message\":");
    private static final SerializableString RAW_PATH = new SerializedString(",\"log\":{\"file\":{\"path\":");
    private static final SerializableString RAW_OFFSET = new SerializedString("},\"offset\":");
    private static final SerializableString RAW_ID = new SerializedString(",\"event\":{\"id\":");
    private static final SerializableString RAW_TAGS = new SerializedString(",\"tags\":[");
    private static final SerializableString RAW_TAG_MULTILINE = new SerializedString(quote(TAG_MULTILINE));
    private static final SerializableString RAW_TAG_MAX_LINES = new SerializedString(quote(TAG_MAX_LINES));
    private static final SerializableString RAW_TAG_MAX_BYTES = new SerializedString(quote(TAG_MAX_BYTES));
    private static final SerializableString RAW_TAG_SPLIT_LINE = new SerializedString(quote(TAG_SPLIT_LINE));

    private final SerializableString hostName;
    private final SerializableString rawHost;
    private final Map<Decoration, RawDecoration> rawDecorations = new IdentityHashMap<>();
    private final Timestamps timestamps = new Timestamps();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(16 * 1024);
    private final JsonGenerator compact;

    public EventWriter(String hostName) {
        this.hostName = new SerializedString(hostName);
        this.rawHost = new SerializedString(",\"host\":{\"name\":" + quote(hostName) + "}");
        try {
            compact = JSON.createGenerator((OutputStream) buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compact.setRootValueSeparator(null);
    }

    /**
     * One event as compact UTF-8 JSON.
     *
     * @param path the file, or null for an event without one (then {@code offset} is ignored)
     */
    public byte[] write(long epochMillis, Message message, String path, String eventId, Decoration decoration) {
        try {
            writeCompact(epochMillis, message, path, eventId, decoration);
            compact.flush();
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize an event", e);
        }
    }

    /** The same event as indented JSON on {@code out} (the debug output), followed by a newline. */
    public void writePretty(OutputStream out, long epochMillis, Message message, String path, String eventId,
            Decoration decoration) throws IOException {
        try (JsonGenerator pretty = JSON.createGenerator(out)) {
            pretty.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            pretty.setPrettyPrinter(new DefaultPrettyPrinter());
            write(pretty, epochMillis, message, path, eventId, decoration);
            pretty.writeRaw('\n');
        }
    }

    /**
     * The hot path: the structure is pre-encoded and written raw, the generator writes (and escapes) only the
     * values, each as a root-level value with no separator. Same bytes as {@link #write(JsonGenerator, long,
     * Message, String, String, Decoration)} without its per-token context checks.
     */
    private void writeCompact(long epochMillis, Message message, String path, String eventId, Decoration decoration)
            throws IOException {
        JsonGenerator g = compact;
        g.writeRaw(RAW_TIMESTAMP);
        g.writeString(timestamps.format(epochMillis));
        g.writeRaw(RAW_MESSAGE);
        g.writeString(message.text());
        g.writeRaw(rawHost);
        if (path != null) {
            g.writeRaw(RAW_PATH);
            g.writeString(path);
            g.writeRaw(RAW_OFFSET);
            g.writeNumber(message.offset());
            g.writeRaw('}');
        }
        g.writeRaw(RAW_ID);
        g.writeString(eventId);
        g.writeRaw('}');
        RawDecoration raw = rawDecorations.computeIfAbsent(decoration, RawDecoration::new);
        if (raw.type != null) {
            g.writeRaw(raw.type);
        }
        boolean multiline = message.multiline();
        if (multiline || message.flags() != 0 || raw.tags != null) {
            g.writeRaw(RAW_TAGS);
            boolean first = true;
            if (multiline) {
                g.writeRaw(RAW_TAG_MULTILINE);
                first = false;
            }
            first = rawTag(g, message.has(Message.MAX_LINES_REACHED), RAW_TAG_MAX_LINES, first);
            first = rawTag(g, message.has(Message.MAX_BYTES_REACHED), RAW_TAG_MAX_BYTES, first);
            first = rawTag(g, message.has(Message.SPLIT_LINE), RAW_TAG_SPLIT_LINE, first);
            rawTag(g, raw.tags != null, raw.tags, first);
            g.writeRaw(']');
        }
        if (raw.fields != null) {
            g.writeRaw(raw.fields);
        }
        g.writeRaw('}');
    }

    private static boolean rawTag(JsonGenerator g, boolean present, SerializableString tag, boolean first)
            throws IOException {
        if (!present) {
            return first;
        }
        if (!first) {
            g.writeRaw(',');
        }
        g.writeRaw(tag);
        return false;
    }

    /** An input's constant parts, JSON-encoded once. */
    private static final class RawDecoration {
        final SerializableString type;
        final SerializableString tags;
        final SerializableString fields;

        RawDecoration(Decoration d) {
            type = d.type() == null ? null : new SerializedString(",\"type\":" + quote(d.type()));
            tags = d.tags().isEmpty() ? null
                    : new SerializedString(String.join(",", d.tags().stream().map(EventWriter::quote).toList()));
            fields = d.fields().isEmpty() ? null : new SerializedString(",\"fields\":{" + String.join(",",
                    d.fields().entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).toList()) + "}");
        }
    }

    static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    private void write(JsonGenerator g, long epochMillis, Message message, String path, String eventId,
            Decoration decoration) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeString(timestamps.format(epochMillis));
        g.writeFieldName(VERSION);
        g.writeString(ONE);
        g.writeFieldName(MESSAGE);
        g.writeString(message.text());
        g.writeFieldName(HOST);
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(hostName);
        g.writeEndObject();
        if (path != null) {
            g.writeFieldName(LOG);
            g.writeStartObject();
            g.writeFieldName(FILE);
            g.writeStartObject();
            g.writeFieldName(PATH);
            g.writeString(path);
            g.writeEndObject();
            g.writeFieldName(OFFSET);
            g.writeNumber(message.offset());
            g.writeEndObject();
        }
        g.writeFieldName(EVENT);
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(eventId);
        g.writeEndObject();
        if (decoration.type() != null) {
            g.writeFieldName(TYPE);
            g.writeString(decoration.type());
        }
        writeTags(g, message, decoration);
        if (!decoration.fields().isEmpty()) {
            g.writeFieldName(FIELDS);
            g.writeStartObject();
            for (Map.Entry<String, String> field : decoration.fields().entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeTags(JsonGenerator g, Message message, Decoration decoration) throws IOException {
        boolean multiline = message.multiline();
        boolean none = !multiline && message.flags() == 0 && decoration.tags().isEmpty();
        if (none) {
            return;
        }
        g.writeFieldName(TAGS);
        g.writeStartArray();
        if (multiline) {
            g.writeString(TAG_MULTILINE);
        }
        if (message.has(Message.MAX_LINES_REACHED)) {
            g.writeString(TAG_MAX_LINES);
        }
        if (message.has(Message.MAX_BYTES_REACHED)) {
            g.writeString(TAG_MAX_BYTES);
        }
        if (message.has(Message.SPLIT_LINE)) {
            g.writeString(TAG_SPLIT_LINE);
        }
        for (String tag : decoration.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
    }
}
