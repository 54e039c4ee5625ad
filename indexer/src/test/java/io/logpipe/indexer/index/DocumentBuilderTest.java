package io.logpipe.indexer.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every kind of element the indexer may find on the list, including events written by others. */
class DocumentBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00.000Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final DocumentBuilder builder = builder("logstash-%{+YYYY.MM.dd}");

    private static DocumentBuilder builder(String pattern) {
        return new DocumentBuilder(JSON, IndexPattern.compile(pattern), "create", CLOCK);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode source(Document doc) throws Exception {
        return JSON.readTree(doc.source());
    }

    private static List<String> tags(JsonNode doc) {
        List<String> tags = new ArrayList<>();
        doc.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @Test
    void anEventOfTheWireContractIsIndexedFromItsOwnBytes() {
        byte[] element = bytes("{\"@timestamp\":\"2026-11-24T10:00:00.123Z\",\"@version\":\"1\",\"message\":\"line\","
                + "\"host\":{\"name\":\"web-7c9f\"},\"log\":{\"file\":{\"path\":\"/var/log/app/app.log\"},\"offset\":1234},"
                + "\"event\":{\"id\":\"9f2c01\"},\"type\":\"app\",\"tags\":[\"multiline\"],\"fields\":{\"team\":\"payments\"}}");
        Document doc = builder.build(element);
        assertSame(element, doc.source());
        assertTrue(doc.sourceIsElement());
        assertFalse(doc.sourceHasLineBreaks());
        assertEquals("logstash-2026.11.24", doc.index());
        assertNull(doc.indexProblem());
        assertEquals("9f2c01", doc.id());
        assertEquals("create", doc.action());
    }

    @Test
    void aLegacyLogstashEventGetsEcsHostAndFilePathAndATag() throws Exception {
        Document doc = builder.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00.000Z\",\"@version\":\"1\","
                + "\"host\":\"web-1\",\"path\":\"/var/log/nginx/access.log\",\"message\":\"GET /\",\"type\":\"nginx\"}"));
        JsonNode source = source(doc);
        assertEquals("web-1", source.path("host").path("name").asText());
        assertEquals("/var/log/nginx/access.log", source.path("log").path("file").path("path").asText());
        assertFalse(source.has("path"));
        assertEquals("GET /", source.path("message").asText());
        assertEquals(List.of(DocumentBuilder.TAG_LEGACY_RENAMED), tags(source));
        assertEquals("logstash-2026.11.24", doc.index());
        assertFalse(doc.sourceIsElement());
    }

    @Test
    void aLegacyPathDoesNotOverwriteAnExistingFilePathOrAStringLog() throws Exception {
        JsonNode kept = source(builder.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"host\":\"h\",\"path\":\"/p\","
                + "\"log\":{\"file\":{\"path\":\"/real\"}}}")));
        assertEquals("/real", kept.path("log").path("file").path("path").asText());
        assertEquals("/p", kept.path("path").asText());
        JsonNode stringLog = source(builder.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"host\":\"h\",\"path\":\"/p\",\"log\":\"x\"}")));
        assertEquals("x", stringLog.path("log").asText());
        assertEquals("/p", stringLog.path("path").asText());
    }

    @Test
    void aFilebeatEventLosesOnlyItsMetadataWhichTheIndexPatternCanStillRead() throws Exception {
        String filebeat = "{\"@timestamp\":\"2026-11-24T10:00:00.000Z\",\"@metadata\":{\"beat\":\"filebeat\",\"type\":\"_doc\","
                + "\"version\":\"8.19.0\"},\"message\":\"hello\",\"log\":{\"offset\":42,\"file\":{\"path\":\"/var/log/a.log\"}},"
                + "\"input\":{\"type\":\"filestream\"},\"host\":{\"name\":\"web-2\"},\"agent\":{\"type\":\"filebeat\"},\"ecs\":{\"version\":\"8.0.0\"}}";
        Document doc = builder("%{[@metadata][beat]}-%{[@metadata][version]}-%{+yyyy.MM.dd}").build(bytes(filebeat));
        assertEquals("filebeat-8.19.0-2026.11.24", doc.index());
        JsonNode source = source(doc);
        assertFalse(source.has("@metadata"));
        assertEquals(42, source.path("log").path("offset").asInt());
        assertEquals("web-2", source.path("host").path("name").asText());
        assertTrue(tags(source).isEmpty());
        assertEquals("index", doc.action(), "no event.id: indexed under the id of its bytes");
    }

    @Test
    void aMessageWithoutTimestampIsStampedNowWithoutFailureTag() throws Exception {
        Document doc = builder.build(bytes("{\"message\":\"hello world\"}"));
        JsonNode source = source(doc);
        assertEquals("hello world", source.path("message").asText());
        assertEquals("2026-11-25T08:00:00.000Z", source.path("@timestamp").asText());
        assertTrue(tags(source).isEmpty());
        assertEquals("logstash-2026.11.25", doc.index());
    }

    @Test
    void anUnreadableTimestampIsKeptAsTextAndTagged() throws Exception {
        for (String bad : new String[] {"\"24/Nov/2026:10:00:00 +0000\"", "1764000000000", "{\"a\":1}"}) {
            JsonNode source = source(builder.build(bytes("{\"@timestamp\":" + bad + ",\"message\":\"m\",\"tags\":\"t\"}")));
            assertEquals("2026-11-25T08:00:00.000Z", source.path("@timestamp").asText(), bad);
            assertEquals(List.of("t", DocumentBuilder.TAG_TIMESTAMP_FAILURE), tags(source), bad);
            assertTrue(source.path("_@timestamp").isTextual(), bad);
        }
        assertEquals("24/Nov/2026:10:00:00 +0000", source(builder.build(bytes("{\"@timestamp\":\"24/Nov/2026:10:00:00 +0000\"}")))
                .path("_@timestamp").asText());
    }

    @Test
    void aBareStringInvalidJsonAndNonObjectsBecomeTaggedMessages() throws Exception {
        for (String raw : new String[] {"hello world", "{\"message\": \"unterminated", "[1,2]", "\"quoted\"", "42", "",
                "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}"}) {
            Document doc = builder.build(bytes(raw));
            JsonNode source = source(doc);
            assertEquals(raw, source.path("message").asText(), raw);
            assertEquals(List.of(DocumentBuilder.TAG_JSON_FAILURE), tags(source), raw);
            assertEquals("2026-11-25T08:00:00.000Z", source.path("@timestamp").asText(), raw);
            assertEquals("logstash-2026.11.25", doc.index(), raw);
            assertFalse(doc.elementIsObject(), raw);
            assertEquals("index", doc.action(), raw);
        }
    }

    @Test
    void invalidUtf8IsReplacedNotDropped() throws Exception {
        byte[] raw = {'a', (byte) 0xC3, (byte) 0x28, 'b'};
        assertEquals("a\uFFFD(b", source(builder.build(raw)).path("message").asText());
    }

    /** A wire-contract event whose message holds {@code invalid} between "ab" and "cd". */
    private static byte[] objectWithInvalidUtf8(byte... invalid) {
        byte[] head = bytes("{\"@timestamp\":\"2026-11-24T23:59:59.000Z\",\"message\":\"ab");
        byte[] tail = bytes("cd\",\"host\":{\"name\":\"web-1\"},\"event\":{\"id\":\"9f2c01\"},\"type\":\"app\"}");
        byte[] element = new byte[head.length + invalid.length + tail.length];
        System.arraycopy(head, 0, element, 0, head.length);
        System.arraycopy(invalid, 0, element, head.length, invalid.length);
        System.arraycopy(tail, 0, element, head.length + invalid.length, tail.length);
        return element;
    }

    @Test
    void anObjectWithInvalidUtf8InAStringKeepsItsIdTimeAndFieldsWithOneReplacementPerInvalidSequence() throws Exception {
        // ED B9 81 C3: four maximal invalid subparts, as the shipper decodes them (the JDK would make three).
        byte[] element = objectWithInvalidUtf8((byte) 0xED, (byte) 0xB9, (byte) 0x81, (byte) 0xC3);
        Document doc = builder.build(element);
        JsonNode source = source(doc);
        assertEquals("ab\uFFFD\uFFFD\uFFFD\uFFFDcd", source.path("message").asText());
        assertEquals("9f2c01", doc.id(), "event.id kept: a redelivery is the same document");
        assertEquals("create", doc.action());
        assertEquals("logstash-2026.11.24", doc.index(), "the event's own day, whenever it is indexed");
        assertEquals("2026-11-24T23:59:59.000Z", source.path("@timestamp").asText());
        assertEquals("web-1", source.path("host").path("name").asText());
        assertEquals("app", source.path("type").asText());
        assertEquals(List.of(DocumentBuilder.TAG_UTF8_REPAIRED), tags(source));
        assertTrue(doc.elementIsObject(), "a dead letter embeds the element as the object it is");
        assertSame(element, doc.element(), "the element as it was in Redis, for a dead letter");
        assertFalse(doc.sourceIsElement());
    }

    @Test
    void aDeadLetterOfARepairedObjectStillEmbedsTheElementAsItCame() throws Exception {
        byte[] element = objectWithInvalidUtf8((byte) 0xE9);
        String entry = new io.logpipe.indexer.bulk.DeadLetters(JSON.getFactory(), new io.logpipe.indexer.bulk.DeadLetterLog(JSON.getFactory()))
                .entry(builder.build(element), 400, "{\"type\":\"mapper_parsing_exception\"}", null, NOW);
        JsonNode event = JSON.readTree(entry).path("event");
        assertTrue(event.isObject(), entry);
        assertEquals("9f2c01", event.path("event").path("id").asText());
        assertFalse(event.has("tags"), "the element, not the repaired document");
    }

    @Test
    void aRepairedObjectIsTheSameDocumentOnTheFastAndTheFilterPath() throws Exception {
        for (byte[] element : List.of(objectWithInvalidUtf8((byte) 0xFF),
                objectWithInvalidUtf8((byte) 0xC0, (byte) 0xAF),
                objectWithInvalidUtf8((byte) 0xE2, (byte) 0x82))) {
            Document fast = builder.build(element);
            Document filtered = builder.document(element, builder.decode(element).elementIsObject(),
                    builder.decode(element).event());
            assertEquals(source(fast), source(filtered));
            assertEquals(fast.id(), filtered.id());
            assertEquals(fast.index(), filtered.index());
            assertEquals(fast.action(), filtered.action());
            assertEquals(fast.elementIsObject(), filtered.elementIsObject());
        }
    }

    @Test
    void aRepairedLegacyEventWithABadTimestampGetsEveryTagOnBothPaths() throws Exception {
        byte[] head = bytes("{\"host\":\"web-1\",\"path\":\"/l/a.log\",\"@timestamp\":\"soon\",\"tags\":[\"x\"],\"m\":\"");
        byte[] element = new byte[head.length + 3];
        System.arraycopy(head, 0, element, 0, head.length);
        element[head.length] = (byte) 0xFE;
        element[head.length + 1] = '"';
        element[head.length + 2] = '}';
        Document fast = builder.build(element);
        JsonNode source = source(fast);
        assertEquals(List.of("x", DocumentBuilder.TAG_TIMESTAMP_FAILURE, DocumentBuilder.TAG_UTF8_REPAIRED,
                DocumentBuilder.TAG_LEGACY_RENAMED), tags(source));
        assertEquals("web-1", source.path("host").path("name").asText());
        assertEquals("\uFFFD", source.path("m").asText());
        DocumentBuilder.Decoded decoded = builder.decode(element);
        assertEquals(source, source(builder.document(element, decoded.elementIsObject(), decoded.event())));
    }

    @Test
    void invalidUtf8OutsideAStringOrInBrokenJsonStillMakesATextEvent() throws Exception {
        for (byte[] raw : List.of(new byte[] {'{', '"', 'a', '"', ':', '1', ',', (byte) 0xFF, '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF}, new byte[] {'x', (byte) 0xC3, (byte) 0x28})) {
            Document doc = builder.build(raw);
            JsonNode source = source(doc);
            assertEquals(List.of(DocumentBuilder.TAG_JSON_FAILURE), tags(source));
            assertFalse(doc.elementIsObject());
            assertFalse(builder.decode(raw).elementIsObject());
            assertEquals(source.path("message"), builder.decode(raw).event().path("message"));
        }
    }

    @Test
    void validUtf8IsNeverRepairedAndStaysOnTheFastPath() {
        byte[] element = bytes("{\"@timestamp\":\"2026-11-24T10:00:00.000Z\",\"message\":\"κόσμε \uFFFD \uD83D\uDE00\"}");
        Document doc = builder.build(element);
        assertTrue(doc.sourceIsElement(), "an encoded U+FFFD is valid input");
        assertFalse(tags(builder.decode(element).event()).contains(DocumentBuilder.TAG_UTF8_REPAIRED));
    }

    @Test
    void theSameElementAlwaysGetsTheSameIdAndDifferentElementsDifferentIds() {
        Document a = builder.build(bytes("plain line"));
        Document again = builder("logstash-%{+YYYY.MM.dd}").build(bytes("plain line"));
        Document other = builder.build(bytes("plain line 2"));
        assertEquals(a.id(), again.id());
        assertNotEquals(a.id(), other.id());
        assertEquals(40, a.id().length());
    }

    @Test
    void aNumericEventIdIsUsedAndAnOversizedOneFallsBackToTheDerivedId() {
        assertEquals("12345", builder.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"event\":{\"id\":12345}}")).id());
        Document huge = builder.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"event\":{\"id\":\"" + "x".repeat(600) + "\"}}"));
        assertEquals(40, huge.id().length());
        assertEquals("index", huge.action());
    }

    @Test
    void aPrettyPrintedObjectIsStillIndexedFromItsBytes() {
        byte[] element = bytes("{\n  \"@timestamp\": \"2026-11-24T10:00:00Z\",\n  \"message\": \"two\\nlines\"\n}\n");
        Document doc = builder.build(element);
        assertSame(element, doc.source(), "the bulk body turns the raw line breaks into spaces");
        assertTrue(doc.sourceHasLineBreaks());
        assertEquals("logstash-2026.11.24", doc.index());
    }

    @Test
    void indexNamesAreLowercasedAndAnInvalidOneCarriesTheReason() {
        DocumentBuilder byApp = builder("logs-%{[fields][app]}-%{+YYYY.MM.dd}");
        Document shop = byApp.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"fields\":{\"app\":\"Shop\"}}"));
        assertEquals("logs-shop-2026.11.24", shop.index());
        assertNull(shop.indexProblem());
        Document bad = byApp.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"fields\":{\"app\":\"my app*\"}}"));
        assertEquals("logs-my app*-2026.11.24", bad.index());
        assertNotNull(bad.indexProblem());
        Document missing = byApp.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\"}"));
        assertEquals("logs-%{[fields][app]}-2026.11.24", missing.index(), "Logstash leaves a missing reference as is");
    }

    @Test
    void patternFieldsMayBeArraysObjectsAndNumbers() {
        DocumentBuilder b = builder("%{tags}|%{[event]}|%{n}");
        Document doc = b.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"tags\":[\"a\",\"b\"],\"event\":{\"id\":\"e1\"},\"n\":7}"));
        assertEquals("a,b|{\"id\":\"e1\"}|7", doc.index());
        assertEquals("e1", doc.id(), "event.id is still found inside an object the pattern reads whole");
    }

    @Test
    void aByteOrderMarkIsRemovedByRewriting() throws Exception {
        byte[] withBom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"message\":\"m\"}");
        byte[] element = new byte[withBom.length + json.length];
        System.arraycopy(withBom, 0, element, 0, 3);
        System.arraycopy(json, 0, element, 3, json.length);
        Document doc = builder.build(element);
        assertFalse(doc.sourceIsElement());
        assertEquals("m", source(doc).path("message").asText());
        assertArrayEquals(element, doc.element());
    }

    // ---- the filter stage's two ends, and the ingest pipeline

    @Test
    void decodingForFiltersKeepsAGoodTimestampAndReplacesABadOne() {
        DocumentBuilder.Decoded good = builder.decode(bytes("{\"@timestamp\":\"2026-11-24T10:00:00.123Z\",\"host\":\"h\"}"));
        assertTrue(good.elementIsObject());
        assertEquals("2026-11-24T10:00:00.123Z", good.event().get("@timestamp").asText());
        assertEquals("h", good.event().get("host").asText(), "legacy fields reach the filters as they came");

        DocumentBuilder.Decoded bad = builder.decode(bytes("{\"@timestamp\":\"yesterday\"}"));
        assertEquals("2026-11-25T08:00:00.000Z", bad.event().get("@timestamp").asText());
        assertEquals("yesterday", bad.event().get("_@timestamp").asText());
        assertEquals(List.of(DocumentBuilder.TAG_TIMESTAMP_FAILURE), tags(bad.event()));

        DocumentBuilder.Decoded text = builder.decode(bytes("{\"a\":1} trailing"));
        assertFalse(text.elementIsObject());
        assertEquals("{\"a\":1} trailing", text.event().get("message").asText());
        assertEquals(List.of(DocumentBuilder.TAG_JSON_FAILURE), tags(text.event()));
    }

    @Test
    void aFilteredEventIsIndexedByItsOwnTimeAndIdAndWithoutMetadata() throws Exception {
        byte[] element = bytes("{\"message\":\"x\",\"event\":{\"id\":\"e1\"}}");
        DocumentBuilder.Decoded decoded = builder.decode(element);
        decoded.event().put("@timestamp", "2026-12-05T23:59:00.000Z");
        decoded.event().putObject("@metadata").put("k", "v");
        Document doc = builder.document(element, true, decoded.event());
        assertEquals("logstash-2026.12.05", doc.index());
        assertEquals("e1", doc.id());
        assertEquals("create", doc.action());
        assertFalse(source(doc).has("@metadata"));
    }

    @Test
    void aFilteredEventWithoutIdGetsTheIdOfItsElementSoRedeliveryMatches() {
        byte[] element = bytes("plain text line");
        Document first = builder.document(element, false, builder.decode(element).event());
        Document again = builder.document(element, false, builder.decode(element).event());
        assertEquals(first.id(), again.id());
        assertEquals("index", first.action());
        assertFalse(first.elementIsObject());
    }

    @Test
    void aTimestampTheFiltersBrokeIsReplacedAndTagged() throws Exception {
        byte[] element = bytes("{\"message\":\"x\"}");
        DocumentBuilder.Decoded decoded = builder.decode(element);
        decoded.event().put("@timestamp", "not a time");
        JsonNode source = source(builder.document(element, true, decoded.event()));
        assertEquals("2026-11-25T08:00:00.000Z", source.get("@timestamp").asText());
        assertEquals(List.of(DocumentBuilder.TAG_TIMESTAMP_FAILURE), tags(source));
    }

    @Test
    void theIngestPipelineIsNamedPerEventOnBothPaths() {
        DocumentBuilder withPipeline = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"),
                IndexPattern.compile("parse-%{type}"), "create", CLOCK);
        Document fast = withPipeline.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00.000Z\",\"type\":\"nginx\"}"));
        assertTrue(fast.sourceIsElement());
        assertEquals("parse-nginx", fast.pipeline());
        Document rewritten = withPipeline.build(bytes("{\"type\":\"app\"}"));
        assertEquals("parse-app", rewritten.pipeline());
        assertNull(withPipeline.build(bytes("{\"@timestamp\":\"2026-11-24T10:00:00.000Z\"}")).pipeline(),
                "a name with an unresolved reference means no pipeline");
        assertNull(builder.build(bytes("{\"type\":\"app\"}")).pipeline());
    }

    @Test
    void filteredDocumentsAreWholeAndOnlyTheirOwnAcrossALargeOneAndSmallOnesAfterIt() throws Exception {
        String large = "x".repeat(DocumentBuilder.KEPT_BUFFER_BYTES + 10);
        List<String> messages = List.of("first", large, "after the large one", "", "last");
        int n = 0;
        for (String message : messages) {
            byte[] element = bytes("{\"@timestamp\":\"2026-11-25T07:00:00.000Z\",\"event\":{\"id\":\"e" + n++
                    + "\"},\"message\":\"" + message + "\"}");
            DocumentBuilder.Decoded decoded = builder.decode(element);
            JsonNode doc = source(builder.document(element, decoded.elementIsObject(), decoded.event()));
            assertEquals(message, doc.path("message").asText());
            assertEquals("e" + (n - 1), doc.path("event").path("id").asText());
            assertEquals(3, doc.size(), doc.toString().length() > 200 ? "fields of the large one" : doc.toString());
        }
    }
}
