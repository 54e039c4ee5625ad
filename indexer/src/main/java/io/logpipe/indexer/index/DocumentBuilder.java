package io.logpipe.indexer.index;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpipe.common.Utf8Sequences;

/**
 * Turns claimed elements into {@link Document}s (DESIGN.md, "Event → document").
 *
 * <p>Every element is read once, by a byte-level scan ({@link WireScan}) or, for what that is not sure of, by
 * Jackson's streaming parser; the scan validates it and picks out only the fields that matter
 * ({@code @timestamp}, {@code event.id}, legacy {@code host}/{@code path}, {@code @metadata}, and the fields the
 * index pattern names). An event that needs no change is indexed from its
 * own bytes; only foreign events are parsed into a tree and rewritten:
 * <ul>
 * <li>not one JSON object (invalid JSON, a bare string, an array...): {@code {"@timestamp": now, "message": raw,
 * "tags": ["_jsonparsefailure"]}};</li>
 * <li>no {@code @timestamp}: now; one that is not an ISO-8601 string: now, tag {@code _timestampparsefailure},
 * the original value kept as a string in {@code _@timestamp} (as Logstash does);</li>
 * <li>legacy Logstash ({@code "host"} is a string): it moves to {@code host.name}, and {@code path} to
 * {@code log.file.path}, tag {@code _legacy_renamed}, because the ECS template maps {@code host} as an object
 * and Elasticsearch would refuse the string;</li>
 * <li>{@code @metadata} (Filebeat's redis output writes it): readable by the index pattern, removed from the
 * document, as Logstash never indexes {@code @metadata}.</li>
 * <li>bytes that are not UTF-8 (JSON must be): when replacing each invalid sequence with U+FFFD (as the shipper
 * decodes files, {@link Utf8Sequences#decode}) makes the element one object, that object is the event, tagged
 * {@link #TAG_UTF8_REPAIRED}, so its {@code event.id}, time and fields are kept. Only an element the scan refused
 * is checked, so valid input costs nothing more. The {@code _id} derived from the bytes, and a dead letter, use
 * the element as it was.</li>
 * </ul>
 *
 * <p>Not thread-safe: one per worker (it reuses its scan state, digest and index-name cache).
 */
public final class DocumentBuilder {
    public static final String TAG_JSON_FAILURE = "_jsonparsefailure";
    public static final String TAG_TIMESTAMP_FAILURE = "_timestampparsefailure";
    public static final String TAG_LEGACY_RENAMED = "_legacy_renamed";
    /**
     * An object with bytes that are not UTF-8 inside its strings, indexed with each invalid sequence as U+FFFD (as
     * the shipper decodes files): the document differs from the element, and the tag lets whoever owns the
     * producer find the events it wrote so.
     */
    public static final String TAG_UTF8_REPAIRED = "_utf8repaired";
    /** Elasticsearch's limit for {@code _id}. */
    static final int MAX_ID_BYTES = 512;
    /** A rare large event must not keep its buffer's size in every worker for the life of the process. */
    static final int KEPT_BUFFER_BYTES = 1 << 20;

    private static final int TIMESTAMP = 0;
    private static final int EVENT_ID = 1;
    private static final int HOST = 2;
    private static final int PATH = 3;
    private static final int METADATA = 4;
    private static final int FIXED_SLOTS = 5;

    private final ObjectMapper mapper;
    private final ObjectReader strictReader;
    private final JsonFactory factory;
    private final SerializerProvider serializers;
    /** Reused for every document {@link #write} serializes; dropped after one over {@link #KEPT_BUFFER_BYTES}. */
    private ByteArrayOutputStream written = new ByteArrayOutputStream(4096);
    private final IndexPattern pattern;
    /** {@code indexer.ingest-pipeline}, or null. */
    private final IndexPattern ingestPipeline;
    private final String idAction;
    private final Clock clock;
    private final Node root = new Node();
    private final int[] patternSlots;
    private final int[] pipelineSlots;
    private final JsonToken[] types;
    private final String[] texts;
    private final MessageDigest sha1;
    private final WireScan wire;
    private final Map<Long, String> namesByDay = new HashMap<>();
    private String lastName;
    private String lastProblem;
    /** The last scanned element had a raw line break (the parser counts rows; strings cannot hold one). */
    private boolean multiline;

    /** One wanted field: its slot in the scan arrays, and what to keep of its value. */
    static final class Node {
        final Map<String, Node> children = new HashMap<>();
        int slot = -1;
        boolean text;
        boolean tree;
    }

    /**
     * @param action the bulk action for events with an {@code event.id} ({@code create} or {@code index}); events
     *     without one are always {@code index}ed under the id derived from their bytes
     */
    public DocumentBuilder(ObjectMapper mapper, IndexPattern pattern, String action, Clock clock) {
        this(mapper, pattern, null, action, clock);
    }

    /**
     * @param ingestPipeline the ingest pipeline's name as a sprintf pattern, or null for none; a name that comes out
     *     empty or with a reference left unresolved means no pipeline for that event (as in Logstash's output)
     */
    public DocumentBuilder(ObjectMapper mapper, IndexPattern pattern, IndexPattern ingestPipeline, String action,
            Clock clock) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.factory = mapper.getFactory();
        this.serializers = mapper.getSerializerProviderInstance();
        this.pattern = pattern;
        this.ingestPipeline = ingestPipeline;
        this.idAction = action;
        this.clock = clock;
        want(List.of("@timestamp"), TIMESTAMP, true, false);
        want(List.of("event", "id"), EVENT_ID, true, false);
        want(List.of("host"), HOST, true, false);
        want(List.of("path"), PATH, true, false);
        want(List.of("@metadata"), METADATA, false, false);
        int[] next = {FIXED_SLOTS};
        patternSlots = slots(pattern, next);
        pipelineSlots = ingestPipeline == null ? new int[0] : slots(ingestPipeline, next);
        types = new JsonToken[next[0]];
        texts = new String[next[0]];
        wire = new WireScan(root, factory, types, texts);
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scan slots for the fields a sprintf pattern reads; {@code next[0]} is the first free slot. */
    private int[] slots(IndexPattern sprintf, int[] next) {
        List<List<String>> fields = sprintf.fields();
        int[] slots = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Node node = node(fields.get(i));
            if (node.slot < 0) {
                node.slot = next[0]++;
            }
            node.text = true;
            node.tree = true;
            slots[i] = node.slot;
        }
        return slots;
    }

    private void want(List<String> path, int slot, boolean text, boolean tree) {
        Node node = node(path);
        node.slot = slot;
        node.text |= text;
        node.tree |= tree;
    }

    private Node node(List<String> path) {
        Node node = root;
        for (String segment : path) {
            node = node.children.computeIfAbsent(segment, s -> new Node());
        }
        return node;
    }

    public Document build(byte[] element) {
        if (!scan(element)) {
            byte[] repaired = Utf8Sequences.repaired(element);
            if (repaired == null || !scan(repaired)) {
                return notAnObject(element);
            }
            return build(element, repaired);
        }
        String id = idOf(element);
        String action = id == null ? "index" : idAction;
        if (id == null) {
            id = derivedId(element);
        }
        Instant timestamp = types[TIMESTAMP] == JsonToken.VALUE_STRING ? Timestamps.parse(texts[TIMESTAMP]) : null;
        boolean legacy = types[HOST] == JsonToken.VALUE_STRING;
        boolean bom = element.length >= 3 && (element[0] & 0xFF) == 0xEF;
        if (timestamp != null && !legacy && types[METADATA] == null && !bom) {
            String index = indexName(timestamp, i -> texts[patternSlots[i]]);
            String pipeline = ingestPipeline == null ? null
                    : pipelineName(ingestPipeline.format(timestamp, i -> texts[pipelineSlots[i]]));
            return new Document(element, true, index, problem(index), id, action, element, multiline, pipeline);
        }
        return rewrite(element, element, id, action, timestamp, legacy);
    }

    /** An element made one object by {@code repaired}, its bytes with U+FFFD for each invalid sequence. */
    private Document build(byte[] element, byte[] repaired) {
        String id = idOf(repaired);
        String action = id == null ? "index" : idAction;
        if (id == null) {
            id = derivedId(element);
        }
        Instant timestamp = types[TIMESTAMP] == JsonToken.VALUE_STRING ? Timestamps.parse(texts[TIMESTAMP]) : null;
        return rewrite(element, repaired, id, action, timestamp, types[HOST] == JsonToken.VALUE_STRING);
    }

    /** @param source the element, or its repaired bytes (then tagged {@link #TAG_UTF8_REPAIRED}) */
    private Document rewrite(byte[] element, byte[] source, String id, String action, Instant parsed,
            boolean legacy) {
        ObjectNode doc;
        try {
            doc = (ObjectNode) mapper.readTree(source);
        } catch (IOException | ClassCastException e) {
            return notAnObject(element); // the scan accepted it, so this is not expected
        }
        List<String> tags = new ArrayList<>(3);
        Instant timestamp = parsed != null ? parsed : replaceTimestamp(doc, tags);
        if (source != element) {
            tags.add(TAG_UTF8_REPAIRED);
        }
        if (legacy) {
            renameLegacy(doc);
            tags.add(TAG_LEGACY_RENAMED);
        }
        return document(element, true, doc, id, action, timestamp, tags);
    }

    private Document notAnObject(byte[] element) {
        Instant now = clock.instant();
        return document(element, false, failureEvent(element, now), derivedId(element), "index", now, List.of());
    }

    /** The element as the filter stage sees it: the event, and whether the element itself was a JSON object. */
    public record Decoded(ObjectNode event, boolean elementIsObject) {
    }

    /**
     * The element as a tree for the filter stage, decoded as the indexer decodes every element: a JSON object, or
     * a text event tagged {@code _jsonparsefailure}; {@code @timestamp} always valid (now when missing; one that is
     * not ISO-8601 kept in {@code _@timestamp}, tagged {@code _timestampparsefailure}). Legacy fields stay as they
     * came, so filters written for them work; {@link #document} renames them afterwards.
     */
    public Decoded decode(byte[] element) {
        JsonNode tree = readTree(element);
        boolean repaired = false;
        if (!(tree instanceof ObjectNode)) {
            byte[] bytes = Utf8Sequences.repaired(element);
            if (bytes != null && readTree(bytes) instanceof ObjectNode fixed) {
                tree = fixed;
                repaired = true;
            }
        }
        if (!(tree instanceof ObjectNode doc)) {
            return new Decoded(failureEvent(element, clock.instant()), false);
        }
        List<String> tags = new ArrayList<>(2);
        if (timestampOf(doc) == null) {
            replaceTimestamp(doc, tags);
        }
        if (repaired) {
            tags.add(TAG_UTF8_REPAIRED);
        }
        addTags(doc, tags);
        return new Decoded(doc, true);
    }

    /** The element as one JSON value, or null when it is not exactly one. */
    private JsonNode readTree(byte[] element) {
        try {
            return strictReader.readTree(element);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The document of an event the filters made of {@code element}: index, ingest pipeline and {@code _id} read
     * from the event as the filters left it ({@code event.id}; else the id of the element's bytes, so a
     * redelivered element gets the same one). A {@code @timestamp} the filters broke is replaced as in
     * {@link #decode}; a legacy {@code host} string is renamed as for unfiltered events.
     */
    public Document document(byte[] element, boolean elementIsObject, ObjectNode event) {
        List<String> tags = new ArrayList<>(2);
        Instant timestamp = timestampOf(event);
        if (timestamp == null) {
            timestamp = replaceTimestamp(event, tags);
        }
        JsonNode host = event.get("host");
        if (host != null && host.isTextual()) {
            renameLegacy(event);
            tags.add(TAG_LEGACY_RENAMED);
        }
        JsonNode idNode = at(event, List.of("event", "id"));
        String id = idNode == null ? null : validId(idNode.asToken(), idNode.isValueNode() ? idNode.asText() : null);
        String action = id == null ? "index" : idAction;
        return document(element, elementIsObject, event, id == null ? derivedId(element) : id, action, timestamp, tags);
    }

    private Document document(byte[] element, boolean elementIsObject, ObjectNode doc, String id, String action,
            Instant timestamp, List<String> tags) {
        String index = indexName(timestamp, i -> Sprintf.text(at(doc, pattern.fields().get(i))));
        String pipeline = ingestPipeline == null ? null : pipelineName(ingestPipeline.format(timestamp,
                i -> Sprintf.text(at(doc, ingestPipeline.fields().get(i)))));
        doc.remove("@metadata");
        addTags(doc, tags);
        return new Document(element, elementIsObject, index, problem(index), id, action, write(doc), false, pipeline);
    }

    private ObjectNode failureEvent(byte[] element, Instant now) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("@timestamp", Timestamps.format(now));
        doc.put("message", Utf8Sequences.decode(element, 0, element.length, new boolean[1]));
        doc.putArray("tags").add(TAG_JSON_FAILURE);
        return doc;
    }

    private static Instant timestampOf(ObjectNode doc) {
        JsonNode value = doc.get("@timestamp");
        return value != null && value.isTextual() ? Timestamps.parse(value.textValue()) : null;
    }

    /** Sets {@code @timestamp} to now, keeping a non-null original in {@code _@timestamp} (tagged); returns now. */
    private Instant replaceTimestamp(ObjectNode doc, List<String> tags) {
        Instant now = clock.instant();
        JsonNode original = doc.get("@timestamp");
        if (original != null && !original.isNull()) {
            doc.put("_@timestamp", original.isValueNode() ? original.asText() : original.toString());
            tags.add(TAG_TIMESTAMP_FAILURE);
        }
        doc.put("@timestamp", Timestamps.format(now));
        return now;
    }

    /** {@code host} (a string) to {@code host.name}, and {@code path} to {@code log.file.path} where that is free. */
    private static void renameLegacy(ObjectNode doc) {
        String host = doc.remove("host").asText();
        doc.putObject("host").put("name", host);
        JsonNode path = doc.get("path");
        JsonNode log = doc.get("log");
        JsonNode file = log == null ? null : log.get("file");
        // Only into free space: a log or log.file that is not an object, or a path already there, stays as is.
        if (path != null && path.isTextual() && (log == null || log.isObject()) && (file == null || file.isObject())
                && (file == null || file.get("path") == null)) {
            ObjectNode logNode = log == null ? doc.putObject("log") : (ObjectNode) log;
            ObjectNode fileNode = file == null ? logNode.putObject("file") : (ObjectNode) file;
            fileNode.set("path", doc.remove("path"));
        }
    }

    /** No pipeline for a name that came out empty or kept a reference its event could not fill. */
    private static String pipelineName(String name) {
        return name.isEmpty() || name.contains("%{") ? null : name;
    }

    /** Validity of a name, remembered for the last one (consecutive events mostly share their index). */
    private String problem(String index) {
        if (!index.equals(lastName)) {
            lastName = index;
            lastProblem = IndexNames.problem(index);
        }
        return lastProblem;
    }

    private String indexName(Instant timestamp, IndexPattern.Fields fields) {
        if (!pattern.dayGranular()) {
            return pattern.format(timestamp, fields).toLowerCase(Locale.ROOT);
        }
        long day = Math.floorDiv(timestamp.getEpochSecond(), 86_400L);
        String name = namesByDay.get(day);
        if (name == null) {
            if (namesByDay.size() > 256) {
                namesByDay.clear();
            }
            name = pattern.format(timestamp, fields).toLowerCase(Locale.ROOT);
            namesByDay.put(day, name);
        }
        return name;
    }

    private String idOf(byte[] element) {
        return validId(types[EVENT_ID], texts[EVENT_ID]);
    }

    /** {@code event.id} when it can be an {@code _id}: a non-blank string or integer of at most 512 bytes. */
    private static String validId(JsonToken type, String text) {
        if ((type != JsonToken.VALUE_STRING && type != JsonToken.VALUE_NUMBER_INT) || text == null || text.isBlank()) {
            return null;
        }
        // Elasticsearch refuses longer ids; such an event is still indexed, under the id of its bytes.
        return text.length() * 3 <= MAX_ID_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES
                ? text : null;
    }

    private String derivedId(byte[] element) {
        return HexFormat.of().formatHex(sha1.digest(element));
    }

    /**
     * One pass over the element: true when it is exactly one JSON object; fills {@link #types} / {@link #texts}
     * for the wanted fields it has. The byte-level scan settles the events of the wire format; what it is not sure
     * of goes to the Jackson scan.
     */
    boolean scan(byte[] element) {
        return wireScan(element) || jacksonScan(element);
    }

    /** The fast scan alone: true when sure the element is one object, the scan arrays then as Jackson fills them. */
    boolean wireScan(byte[] element) {
        if (!wire.scan(element)) {
            return false;
        }
        multiline = wire.multiline();
        return true;
    }

    /** The reference scan, and the fallback for what {@link WireScan} is not sure of. */
    boolean jacksonScan(byte[] element) {
        Arrays.fill(types, null);
        Arrays.fill(texts, null);
        try (JsonParser p = factory.createParser(element)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            scanObject(p, root);
            boolean single = p.nextToken() == null;
            multiline = p.currentLocation().getLineNr() > 1;
            return single;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What the last scan found (tests compare the two scans with it). */
    JsonToken[] scannedTypes() {
        return types.clone();
    }

    String[] scannedTexts() {
        return texts.clone();
    }

    boolean scannedMultiline() {
        return multiline;
    }

    private void scanObject(JsonParser p, Node node) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Node child = node.children.get(p.currentName());
            JsonToken value = p.nextToken();
            if (child == null) {
                p.skipChildren();
                continue;
            }
            if (child.slot >= 0) {
                types[child.slot] = value;
            }
            if (value.isStructStart()) {
                if (child.tree) {
                    JsonNode tree = p.readValueAsTree();
                    texts[child.slot] = Sprintf.text(tree);
                    scanTree(child, tree);
                } else if (value == JsonToken.START_OBJECT && !child.children.isEmpty()) {
                    scanObject(p, child);
                } else {
                    p.skipChildren();
                }
            } else if (child.slot >= 0 && child.text && value != JsonToken.VALUE_NULL) {
                texts[child.slot] = p.getText();
            }
        }
    }

    private void scanTree(Node node, JsonNode tree) {
        for (Map.Entry<String, Node> entry : node.children.entrySet()) {
            JsonNode value = tree.get(entry.getKey());
            if (value == null) {
                continue;
            }
            Node child = entry.getValue();
            if (child.slot >= 0) {
                types[child.slot] = value.asToken();
                texts[child.slot] = Sprintf.text(value);
            }
            scanTree(child, value);
        }
    }

    private static JsonNode at(JsonNode doc, List<String> path) {
        JsonNode node = doc;
        for (String segment : path) {
            node = node == null ? null : node.get(segment);
        }
        return node;
    }

    private static void addTags(ObjectNode doc, List<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        JsonNode existing = doc.get("tags");
        ArrayNode array;
        if (existing instanceof ArrayNode a) {
            array = a;
        } else {
            array = JsonNodeFactory.instance.arrayNode();
            if (existing != null && !existing.isNull()) {
                array.add(existing.isValueNode() ? existing.asText() : existing.toString());
            }
            doc.set("tags", array);
        }
        for (String tag : tags) {
            array.add(tag);
        }
    }

    /**
     * The tree's JSON, written through one buffer and serializer provider kept by this (per-worker) builder: the
     * mapper's own {@code writeValueAsBytes} sets up and releases a buffer and a serializer context per document,
     * which was 17 % of the filter path's profile samples (11 % this way).
     */
    private byte[] write(ObjectNode doc) {
        written.reset();
        try (JsonGenerator generator = factory.createGenerator(written)) {
            doc.serialize(generator, serializers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
        byte[] json = written.toByteArray();
        if (json.length > KEPT_BUFFER_BYTES) {
            written = new ByteArrayOutputStream(4096);
        }
        return json;
    }
}
