package io.logpipe.indexer.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.indexer.bulk.DeadLetterLog;
import io.logpipe.indexer.bulk.DeadLetters;
import io.logpipe.indexer.index.Document;
import io.logpipe.indexer.index.DocumentBuilder;
import io.logpipe.indexer.index.IndexPattern;

/** The element cut out of a dead-letter entry is the element the indexer refused, byte for byte. */
class DeadLetterEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
    private static final DocumentBuilder BUILDER = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"),
            "create", CLOCK);
    private static final DeadLetters DEAD_LETTERS = new DeadLetters(JSON.getFactory(), new DeadLetterLog(JSON.getFactory()));
    private static final String ERROR = "{\"type\":\"document_parsing_exception\",\"reason\":\"[1:2] failed to parse\","
            + "\"caused_by\":{\"type\":\"x\",\"reason\":\"y\"}}";

    /** The entry the indexer writes for {@code element}, refused with a 400. */
    private static byte[] entryOf(byte[] element) {
        Document doc = BUILDER.build(element);
        return DEAD_LETTERS.entry(doc, 400, ERROR, null, CLOCK.instant()).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRoundTrip(String element) throws Exception {
        assertRoundTrip(element.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRoundTrip(byte[] element) throws Exception {
        byte[] entry = entryOf(element);
        DeadLetterEntry read = DeadLetterEntry.read(entry);
        assertArrayEquals(element, read.element(), () -> "entry " + abbreviate(new String(entry, StandardCharsets.UTF_8)));
    }

    private static String abbreviate(String text) {
        return text.length() < 300 ? text : text.substring(0, 300) + "…";
    }

    static String nested(int depth, String open, String close, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    @Test
    void jsonObjectElementsComeBackAsTheirOwnBytes() throws Exception {
        for (String element : List.of(
                "{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"message\":\"hello\",\"log\":{\"offset\":\"not-a-number\"}}",
                "{\"message\":\"quotes \\\" backslash \\\\ slash \\/ tab \\t nul \\u0000 é \\u00e9 😀 \\ud83d\\ude00\"}",
                "{\"message\":\"no escapes, but ünïcödé and 😀 raw\"}",
                "{\"a\":1}\n",
                "  {\"a\" : [1, 2.5e3, true, false, null, {\"b\":\"}]{[\"}]}  ",
                "{\n  \"pretty\": {\n    \"printed\": [\"yes\"]\n  }\n}",
                "\uFEFF{\"bom\":true}",
                "{}")) {
            assertRoundTrip(element);
        }
    }

    @Test
    void textElementsComeBackAsTheirOwnBytes() throws Exception {
        for (String element : List.of(
                "plain text",
                "quotes \" backslash \\ newline \n cr \r tab \t control \u0001\u001f del \u007f é 😀 \u2028",
                "[1,2,3]",
                "42",
                "\"a JSON string\"",
                "null",
                "{\"broken\": ",
                "{\"a\":1} trailing",
                "")) {
            assertRoundTrip(element);
        }
    }

    @Test
    void deeplyNestedElementsComeBackWhole() throws Exception {
        // Deeper than jq's limit (256), within Jackson's (1000): the indexer embeds it as an object.
        String object = nested(900, "{\"a\":", "}", "1");
        assertTrue(new String(entryOf(object.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8).startsWith("{\"event\":{\"a\":{"));
        assertRoundTrip(object);
        // Deeper than Jackson's default nesting limit (1000): whatever the indexer made of them, they come back.
        assertRoundTrip(nested(5000, "{\"a\":", "}", "1"));
        assertRoundTrip(nested(5000, "[", "]", "\"x\""));
        assertRoundTrip("{\"deep\":" + nested(20_000, "[", "]", "{}") + "}");
        // And embedded raw, as an indexer with raised parser limits would write them.
        String deep = nested(5000, "{\"a\":[", "]}", "\"]}\\\"\"");
        String entry = "{\"event\":" + deep + ",\"index\":\"logstash-2026.11.24\",\"status\":400,\"error\":" + ERROR
                + ",\"@timestamp\":\"2026-11-25T08:00:00.000Z\"}";
        assertEquals(deep, new String(DeadLetterEntry.read(entry.getBytes(StandardCharsets.UTF_8)).element(), StandardCharsets.UTF_8));
    }

    @Test
    void multiMegabyteElementsComeBackWhole() throws Exception {
        String big = "x\"\\é😀\n".repeat(1_000_000);
        String object = "{\"message\":" + JSON.writeValueAsString(big) + "}";
        assertTrue(object.length() > 8_000_000);
        assertRoundTrip(object);
        assertRoundTrip(big);
    }

    @Test
    void theReasonIsIndexStatusAndErrorType() throws Exception {
        DeadLetterEntry read = DeadLetterEntry.read(entryOf("{\"@timestamp\":\"2026-11-24T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("index=logstash-2026.11.24, status=400, error=document_parsing_exception", read.reason());
        byte[] textError = "{\"event\":\"x\",\"index\":\"i\",\"status\":413,\"error\":\"HTTP 413\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("index=i, status=413, error=HTTP 413", DeadLetterEntry.read(textError).reason());
        assertEquals("index=-, status=-, error=-", DeadLetterEntry.read("{\"event\":{}}".getBytes(StandardCharsets.UTF_8)).reason());
    }

    @Test
    void entriesWrittenByHandAreReadWhereverTheEventIs() throws Exception {
        byte[] entry = "{ \"index\" : \"x\", \"status\": 400,\n \"event\" : \"text \\u00e9\" , \"error\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("text é", new String(DeadLetterEntry.read(entry).element(), StandardCharsets.UTF_8));
        byte[] array = "{\"event\":[1,{\"a\":\"]\"}],\"index\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("[1,{\"a\":\"]\"}]", new String(DeadLetterEntry.read(array).element(), StandardCharsets.UTF_8));
    }

    @Test
    void anEntryWithoutAWholeEventIsUnreadable() {
        for (String entry : List.of(
                "{\"index\":\"x\",\"status\":400}",
                "{\"event\":{\"a\":1",
                "{\"event\":{\"a\":[1}}",
                "{\"event\":\"not closed}",
                "{\"event\":}",
                "{\"event\":\"bad escape \\q\"}",
                "{\"event\":1,\"event\":2}",
                "{\"event\":1} trailing",
                "\"just a string\"",
                "")) {
            UnreadableEntryException e = assertThrows(UnreadableEntryException.class,
                    () -> DeadLetterEntry.read(entry.getBytes(StandardCharsets.UTF_8)), entry);
            assertFalse(e.getMessage().isBlank());
        }
    }
}
