package io.logpipe.shipper.event;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import io.logpipe.common.Decimal;
import io.logpipe.common.Swar;
import io.logpipe.shipper.tail.Message;

/**
 * Writes events in the wire format of DESIGN.md (Logstash 8 in ECS mode):
 * {@code {"@timestamp","@version":"1","message","host":{"name"},"log":{"file":{"path"},"offset"},"event":{"id"},
 * "type","tags","fields"}}, then the input's root fields (Logstash's {@code add_field}), then the shipper's
 * {@link EventMetadata} (the pod's {@code kubernetes} and {@code container} objects). {@code log} is left out for
 * events that have no file; {@code type}, {@code tags}, {@code fields}, root fields and metadata when empty.
 *
 * <p>The compact form is written byte by byte into one reused buffer ({@link #encode} then copies it into an
 * array of its own), or into the caller's ({@link #encodeAt}: the Redis command being framed); the pretty debug
 * form goes through Jackson. Not thread-safe: one writer per thread.
 */
public final class EventWriter {
    /** Tag of an event that joins more than one line. */
    public static final String TAG_MULTILINE = "multiline";
    public static final String TAG_MAX_LINES = "multiline_codec_max_lines_reached";
    public static final String TAG_MAX_BYTES = "multiline_codec_max_bytes_reached";
    public static final String TAG_SPLIT_LINE = "split_line";
    /** Characters above U+FFFF as 4 UTF-8 bytes, as the byte encoder writes them (not as two escapes). */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
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

    private static final byte[] RAW_TIMESTAMP = ascii("{\"@timestamp\":\"");
    private static final byte[] RAW_MESSAGE = ascii("\",\"@version\":\"1\",\"message\":\"");
    private static final byte[] RAW_PATH = ascii(",\"log\":{\"file\":{\"path\":");
    private static final byte[] RAW_OFFSET = ascii("},\"offset\":");
    private static final byte[] RAW_ID = ascii(",\"event\":{\"id\":\"");
    private static final byte[] RAW_TAGS = ascii(",\"tags\":[");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] CLOSE = ascii("}");
    private static final byte[] RAW_TAG_MULTILINE = ascii(quote(TAG_MULTILINE));
    private static final byte[] RAW_TAG_MAX_LINES = ascii(quote(TAG_MAX_LINES));
    private static final byte[] RAW_TAG_MAX_BYTES = ascii(quote(TAG_MAX_BYTES));
    private static final byte[] RAW_TAG_SPLIT_LINE = ascii(quote(TAG_SPLIT_LINE));
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] HEX_UPPER = ascii("0123456789ABCDEF");
    /**
     * What a byte of a JSON string becomes, as Jackson writes it: 0 = itself (UTF-8 multi-byte sequences included),
     * 'u' = a six-character escape (backslash, u, 00, two upper-case hex digits), anything else = a backslash and
     * that character.
     */
    private static final byte[] ESCAPES = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private final SerializableString hostName;
    private final byte[] rawHost;
    private final Map<Decoration, RawDecoration> rawDecorations = new IdentityHashMap<>();
    private final EventMetadata metadata;
    /** False for {@link EventMetadata#NONE}: nothing to check per event (the hot path as it was without metadata). */
    private final boolean metadataMayChange;
    /** The metadata {@link #rawDecorations} were encoded with. */
    private EventMetadata.Snapshot rawMetadata;
    private final Timestamps timestamps = new Timestamps();
    private long headMillis;
    private byte[] head;
    private String afterMessagePath;
    private byte[] afterMessage;
    private String idPrefixKey;
    private boolean idPrefixAfterLog;
    /** Null when {@link #idPrefixKey} needs escaping: such an id is written the slow way. */
    private byte[] idPrefix;
    private Decoration lastDecoration;
    private RawDecoration lastRawDecoration;
    /** Where the compact form is written: {@link #own}, or the caller's array during {@link #encodeAt}. */
    private byte[] out;
    private byte[] own = new byte[16 * 1024];
    private int size;
    /** The array the last {@link #encodeAt} wrote into. */
    private byte[] written;

    public EventWriter(String hostName) {
        this(hostName, EventMetadata.NONE);
    }

    /** @param metadata added to every event (read again when it changes) */
    public EventWriter(String hostName, EventMetadata metadata) {
        this.metadata = metadata;
        this.metadataMayChange = metadata != EventMetadata.NONE;
        this.rawMetadata = metadata.current();
        this.hostName = new SerializedString(hostName);
        this.rawHost = utf8(",\"host\":{\"name\":" + quote(hostName) + "}");
        this.out = own;
    }

    /** One event as compact UTF-8 JSON. */
    public byte[] encode(Event event) {
        int end = encodeAt(event, own, 0);
        return Arrays.copyOf(buffer(), end);
    }

    /**
     * One event as compact UTF-8 JSON in {@code target} from index {@code from} on, after what the caller put
     * there (the Redis command framing it): no array per event, and no copy of the JSON from a buffer of the
     * writer's own into the command (800 MB per 2M-line benchmark run, about 4% of the shipper's CPU).
     *
     * @return the end of the JSON, in {@link #buffer()}: {@code target}, or a larger copy of it when the event
     *     did not fit
     */
    public int encodeAt(Event event, byte[] target, int from) {
        out = target;
        size = from;
        try {
            writeCompact(event.epochMillis(), event.message(), event.path(), event.idKey(), event.idNumber(), true,
                    event.decoration());
        } finally {
            written = out;
            out = own;
        }
        return size;
    }

    /** The array the last {@link #encodeAt} wrote into. */
    public byte[] buffer() {
        return written;
    }

    /**
     * One event as compact UTF-8 JSON.
     *
     * @param path the file, or null for an event without one (then {@code offset} is ignored)
     */
    public byte[] write(long epochMillis, Message message, String path, String eventId, Decoration decoration) {
        size = 0;
        writeCompact(epochMillis, message, path, eventId, 0, false, decoration);
        return Arrays.copyOf(out, size);
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
     * The hot path, on bytes: the structure is pre-encoded, the message is copied from its UTF-8 bytes with only
     * the characters JSON requires escaped. Same bytes as Jackson writes for {@link #write(JsonGenerator, long,
     * Message, String, String, Decoration)} (checked by the tests), at a fraction of the cost: the profile of the
     * shipper showed Jackson's string writing as its largest cost.
     *
     * @param idNumbered true: the id is {@code idKey} followed by {@code idNumber} in 16 hex digits; false: it is
     *     {@code idKey} itself
     */
    private void writeCompact(long epochMillis, Message message, String path, String idKey, long idNumber,
            boolean idNumbered, Decoration decoration) {
        // The parts between the message, the offset and the id are the same for every event of a file (and the
        // head for every event of a millisecond): each is joined once and copied as one, not field by field
        // (writing the structure piece by piece was an eighth of the sink thread's samples).
        raw(head(epochMillis));
        escaped(message.array(), message.from(), message.from() + message.length());
        raw(afterMessage(path));
        if (path != null) {
            number(message.offset());
        }
        byte[] prefix = idNumbered ? idPrefix(path != null, idKey) : null;
        if (prefix != null) {
            raw(prefix);
            ensure(16);
            for (int shift = 60; shift >= 0; shift -= 4) {
                out[size++] = HEX[(int) (idNumber >>> shift) & 0xF];
            }
        } else {
            if (path != null) {
                put('}');
            }
            raw(RAW_ID);
            byte[] id = utf8(idNumbered ? EventIds.id(idKey, idNumber) : idKey);
            escaped(id, 0, id.length);
        }
        RawDecoration raw = rawDecoration(decoration);
        boolean multiline = message.multiline();
        if (!multiline && message.flags() == 0) {
            raw(raw.tail);
            return;
        }
        put('"');
        put('}');
        if (raw.type != null) {
            raw(raw.type);
        }
        raw(RAW_TAGS);
        boolean first = true;
        if (multiline) {
            raw(RAW_TAG_MULTILINE);
            first = false;
        }
        first = rawTag(message.has(Message.MAX_LINES_REACHED), RAW_TAG_MAX_LINES, first);
        first = rawTag(message.has(Message.MAX_BYTES_REACHED), RAW_TAG_MAX_BYTES, first);
        first = rawTag(message.has(Message.SPLIT_LINE), RAW_TAG_SPLIT_LINE, first);
        rawTag(raw.tags != null, raw.tags, first);
        put(']');
        if (raw.fields != null) {
            raw(raw.fields);
        }
        if (raw.rootFields != null) {
            raw(raw.rootFields);
        }
        raw(raw.end);
    }

    /** {@code {"@timestamp":"…","@version":"1","message":"} for one millisecond. */
    private byte[] head(long epochMillis) {
        if (epochMillis != headMillis || head == null) {
            head = concat(RAW_TIMESTAMP, ascii(timestamps.format(epochMillis)), RAW_MESSAGE);
            headMillis = epochMillis;
        }
        return head;
    }

    /** The message's closing quote, the host, and for a file its path up to {@code "offset":}. */
    private byte[] afterMessage(String path) {
        if (!Objects.equals(path, afterMessagePath) || afterMessage == null) {
            afterMessage = path == null ? concat(QUOTE, rawHost)
                    : concat(QUOTE, rawHost, RAW_PATH, utf8(quote(path)), RAW_OFFSET);
            afterMessagePath = path;
        }
        return afterMessage;
    }

    /**
     * The end of {@code log} (after the offset) when there is one, then {@code "event":{"id":"} and the key; null
     * when the key needs escaping. Checked and joined once per source key (a file's events all share it).
     */
    private byte[] idPrefix(boolean afterLog, String idKey) {
        if (idKey != idPrefixKey || afterLog != idPrefixAfterLog) {
            byte[] key = idKey != null && isPlain(idKey) ? idKey.getBytes(StandardCharsets.ISO_8859_1) : null;
            idPrefix = key == null ? null : afterLog ? concat(CLOSE, RAW_ID, key) : concat(RAW_ID, key);
            idPrefixKey = idKey;
            idPrefixAfterLog = afterLog;
        }
        return idPrefix;
    }

    private RawDecoration rawDecoration(Decoration decoration) {
        if (metadataMayChange && metadata.current() != rawMetadata) {
            // The metadata changed (rare): every input's constant tail ends with it, so encode them again.
            rawMetadata = metadata.current();
            rawDecorations.clear();
            lastDecoration = null;
        }
        if (decoration != lastDecoration) {
            byte[] json = rawMetadata.json();
            lastRawDecoration = rawDecorations.computeIfAbsent(decoration, d -> new RawDecoration(d, json));
            lastDecoration = decoration;
        }
        return lastRawDecoration;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    private boolean rawTag(boolean present, byte[] tag, boolean first) {
        if (!present) {
            return first;
        }
        if (!first) {
            put(',');
        }
        raw(tag);
        return false;
    }

    /**
     * {@code bytes} as the inside of a JSON string: valid UTF-8 in, the escapes Jackson would write. Eight bytes
     * at a time are checked for a byte that needs escaping (below 0x20, {@code "} or {@code \\}; bytes of
     * multi-byte characters never do) and copied as one long when none does: most text has no such byte.
     */
    private void escaped(byte[] bytes, int from, int to) {
        ensure(to - from);
        byte[] o = out;
        int n = size;
        int i = from;
        while (i < to) {
            if (i + 8 <= to) {
                long word = (long) Swar.LONGS.get(bytes, i);
                long escapes = Swar.jsonSpecialMarks(word);
                // The whole word is copied (there is room for it), but only the bytes before the first one to
                // escape count: straight to that byte rather than one byte at a time (25% less time per access
                // line, whose quotes come every 30 bytes or so).
                Swar.LONGS.set(o, n, word);
                if (escapes == 0) {
                    i += 8;
                    n += 8;
                    continue;
                }
                int clean = Swar.firstMarked(escapes);
                i += clean;
                n += clean;
            }
            byte b = bytes[i++];
            byte e = ESCAPES[b & 0xFF];
            if (e == 0) {
                o[n++] = b;
                continue;
            }
            // An escape needs up to 6 bytes for 1: make room for it and everything still to come.
            if (n + 6 + (to - i) > o.length) {
                size = n;
                ensure(6 + (to - i));
                o = out;
            }
            o[n++] = '\\';
            if (e == 'u') {
                o[n++] = 'u';
                o[n++] = '0';
                o[n++] = '0';
                o[n++] = HEX_UPPER[(b >> 4) & 0xF];
                o[n++] = HEX_UPPER[b & 0xF];
            } else {
                o[n++] = e;
            }
        }
        size = n;
    }

    private void number(long value) {
        ensure(Decimal.MAX_LENGTH);
        size = Decimal.write(value, out, size);
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
    }

    private void put(char c) {
        ensure(1);
        out[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            byte[] grown = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
            if (out == own) {
                own = grown;
            }
            out = grown;
        }
    }

    /** An input's constant parts, JSON-encoded once. */
    private static final class RawDecoration {
        final byte[] type;
        final byte[] tags;
        final byte[] fields;
        /** {@code ,"name":"value"} for every root field. */
        final byte[] rootFields;

        /** From the id's closing quote to the end, for a message that adds no tag of its own. */
        final byte[] tail;
        /** The metadata and the event's closing brace. */
        final byte[] end;

        RawDecoration(Decoration d, byte[] metadata) {
            type = d.type() == null ? null : utf8(",\"type\":" + quote(d.type()));
            tags = d.tags().isEmpty() ? null
                    : utf8(String.join(",", d.tags().stream().map(EventWriter::quote).toList()));
            fields = d.fields().isEmpty() ? null : utf8(",\"fields\":{" + String.join(",",
                    d.fields().entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).toList()) + "}");
            rootFields = d.rootFields().isEmpty() ? null : utf8(String.join("", d.rootFields().entrySet().stream()
                    .map(e -> "," + quote(e.getKey()) + ":" + quote(e.getValue())).toList()));
            byte[] none = new byte[0];
            end = concat(metadata, CLOSE);
            tail = concat(ascii("\"}"), type == null ? none : type, tags == null ? none : concat(RAW_TAGS, tags, ascii("]")),
                    fields == null ? none : fields, rootFields == null ? none : rootFields, end);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    /** The event through Jackson's generator: the debug output, and the reference the byte encoder must match. */
    void write(JsonGenerator g, long epochMillis, Message message, String path, String eventId,
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
        for (Map.Entry<String, String> field : decoration.rootFields().entrySet()) {
            g.writeStringField(field.getKey(), field.getValue());
        }
        EventMetadata.writeMembers(g, metadata.current().tree());
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
