package io.logpipe.indexer.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The byte-level scan against the Jackson scan, on the same builder: whenever the fast scan is sure, Jackson accepts
 * the element too and fills the same types, texts and line-break flag; the combined scan always answers as Jackson
 * does; and the events the shipper writes are settled by the fast scan.
 */
class WireScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
    /** The production pattern, and ones that make fields of every kind wanted (nested, whole objects, non-ASCII). */
    private static final List<String> PATTERNS = List.of(
            "logstash-%{+YYYY.MM.dd}",
            "%{[@metadata][beat]}-%{[@metadata][version]}-%{+yyyy.MM.dd}",
            "logs-%{[fields][app]}-%{[host][name]}-%{+YYYY.MM.dd}",
            "%{tags}|%{[event]}|%{n}",
            "%{[log][file][path]}-%{type}-%{[a][b][c]}-%{[größe]}",
            "%{[\u00e9v\u00e9nement][id]}-%{message}-%{+YYYY}");
    /** Keys the random objects use: the wanted ones, near misses and others. */
    private static final List<String> KEYS = List.of("@timestamp", "event", "id", "host", "name", "path", "log", "file",
            "@metadata", "beat", "version", "fields", "app", "tags", "n", "type", "a", "b", "c", "größe", "\u00e9v\u00e9nement",
            "message", "offset", "@timestam", "@timestampx", "Event", "x", "", "\u4e2d\u6587", "\ud83d\ude00");

    private final List<DocumentBuilder> builders = new ArrayList<>();
    private int sure;
    private int accepted;

    WireScanTest() {
        for (String pattern : PATTERNS) {
            builders.add(builder(JSON, pattern));
        }
        // Small stream limits, so the generated elements cross them.
        StreamReadConstraints tight = StreamReadConstraints.builder().maxNestingDepth(4).maxNumberLength(6)
                .maxStringLength(40).maxNameLength(12).build();
        builders.add(builder(new ObjectMapper(JsonFactory.builder().streamReadConstraints(tight).build()),
                "%{[fields][app]}-%{+YYYY.MM.dd}"));
    }

    private static DocumentBuilder builder(ObjectMapper mapper, String pattern) {
        return new DocumentBuilder(mapper, IndexPattern.compile(pattern), "create", CLOCK);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(byte[] element) {
        return new String(element, StandardCharsets.UTF_8) + " [" + HexFormat.of().formatHex(element) + "]";
    }

    /** Both scans on one builder; returns whether the fast one was sure. */
    private boolean compare(DocumentBuilder b, byte[] element) {
        boolean valid = b.jacksonScan(element);
        JsonToken[] types = b.scannedTypes();
        String[] texts = b.scannedTexts();
        boolean multiline = b.scannedMultiline();
        boolean fast = b.wireScan(element);
        if (fast) {
            assertTrue(valid, () -> "sure of what Jackson refuses: " + show(element));
            assertArrayEquals(types, b.scannedTypes(), () -> "types of " + show(element));
            assertArrayEquals(texts, b.scannedTexts(), () -> "texts of " + show(element));
            assertEquals(multiline, b.scannedMultiline(), () -> "line breaks of " + show(element));
        }
        assertEquals(valid, b.scan(element), () -> "combined scan of " + show(element));
        if (valid) {
            assertArrayEquals(types, b.scannedTypes(), () -> "combined types of " + show(element));
            assertArrayEquals(texts, b.scannedTexts(), () -> "combined texts of " + show(element));
            assertEquals(multiline, b.scannedMultiline(), () -> "combined line breaks of " + show(element));
            accepted++;
        }
        if (fast) {
            sure++;
        }
        return fast;
    }

    private boolean compareAll(byte[] element) {
        boolean fast = false;
        for (DocumentBuilder b : builders) {
            fast |= compare(b, element);
        }
        return fast;
    }

    private boolean sureWithProductionPattern(byte[] element) {
        return compare(builders.get(0), element);
    }

    /** The fast scan is sure of it with the production pattern, and agrees with Jackson for every pattern. */
    private void assertSure(byte[] element) {
        assertTrue(sureWithProductionPattern(element), () -> "not sure of " + show(element));
        compareAll(element);
    }

    /** The fast scan leaves it to Jackson, and the combined scan answers as Jackson does, for every pattern. */
    private void assertLeftToJackson(byte[] element) {
        assertFalse(sureWithProductionPattern(element), () -> "sure of " + show(element));
        compareAll(element);
    }

    @Test
    void theShippersEventsAreSettledByTheFastScanWithJacksonsResults() throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> event = wireEvent(random);
            byte[] compact = JSON.writeValueAsBytes(event);
            assertTrue(sureWithProductionPattern(compact), () -> "not sure of " + show(compact));
            assertTrue(compare(builders.get(1), compact), () -> "not sure of " + show(compact));
            assertTrue(compare(builders.get(2), compact), () -> "not sure of " + show(compact));
            compareAll(compact);
            byte[] pretty = PRETTY.writeValueAsBytes(event);
            assertSure(pretty);
            compareAll(withWhitespace(random, compact));
        }
    }

    @Test
    void filebeatAndLegacyLogstashEventsScanAlike() throws Exception {
        Random random = new Random(2);
        int fast = 0;
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> filebeat = new LinkedHashMap<>();
            filebeat.put("@timestamp", "2026-11-24T10:00:0" + random.nextInt(10) + ".000Z");
            filebeat.put("@metadata", Map.of("beat", "filebeat", "type", "_doc", "version", "8.19." + random.nextInt(3)));
            filebeat.put("message", text(random, 80));
            filebeat.put("log", Map.of("offset", random.nextInt(1 << 20), "file", Map.of("path", "/var/log/" + text(random, 8))));
            filebeat.put("input", Map.of("type", "filestream"));
            filebeat.put("host", Map.of("name", "web-" + random.nextInt(9), "ip", List.of("10.0.0.1", "fe80::1")));
            filebeat.put("agent", Map.of("type", "filebeat", "ephemeral_id", "e" + random.nextLong()));
            filebeat.put("ecs", Map.of("version", "8.0.0"));
            byte[] fb = JSON.writeValueAsBytes(filebeat);
            if (compare(builders.get(1), fb)) {
                fast++;
            }
            compareAll(fb);
            Map<String, Object> legacy = new LinkedHashMap<>();
            legacy.put("@timestamp", "2026-11-24T10:00:00.000Z");
            legacy.put("@version", "1");
            legacy.put("host", "web-" + random.nextInt(9));
            legacy.put("path", "/var/log/nginx/" + text(random, 10));
            legacy.put("message", text(random, 60));
            legacy.put("type", "nginx");
            legacy.put("tags", random.nextBoolean() ? List.of() : List.of("a", text(random, 5)));
            compareAll(JSON.writeValueAsBytes(legacy));
            compareAll(PRETTY.writeValueAsBytes(legacy));
        }
        assertEquals(2000, fast, "a Filebeat event with its metadata wanted is settled by the fast scan");
    }

    @Test
    void randomObjectsAndTheirMutationsNeverMakeTheFastScanSureOfSomethingElse() {
        Random random = new Random(3);
        int cases = 0;
        int sureOfValid = 0;
        int sureOfMutated = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] element = bytes(object(random, 0));
            cases++;
            if (compareAll(element)) {
                sureOfValid++;
            }
            for (int m = 0; m < 5; m++) {
                byte[] mutated = mutate(random, element);
                cases++;
                if (compareAll(mutated)) {
                    sureOfMutated++;
                }
            }
        }
        int total = cases;
        int valid = sureOfValid;
        int mutated = sureOfMutated;
        assertTrue(valid > 1500, () -> "sure of " + valid + " random objects of 3000");
        assertTrue(mutated > 1000, () -> "sure of " + mutated + " mutated elements of " + (total - 3000));
        assertTrue(sure > 10_000 && accepted > sure, () -> sure + " sure, " + accepted + " accepted by Jackson");
    }

    @Test
    void numbersOfEveryShapeKeepTheirTextAsWritten() {
        String[] valid = {"0", "-0", "7", "12", "-1", "1234567890123456789012345", "0.5", "-0.0", "1.25", "1e5", "1E5",
                "1e+5", "1e-5", "-1.5e3", "2.5E-10", "0e0", "-0E+0", "9".repeat(999)};
        String[] invalid = {"01", "-01", "-", "+1", "1.", ".5", "1e", "1e+", "1.5E", "0x1F", "NaN", "-Infinity", "1..2",
                "1e5.5", "--1", "9".repeat(1001), "1_000"};
        for (String number : valid) {
            for (String at : new String[] {"{\"event\":{\"id\":%s}}", "{\"n\":%s,\"x\":[%s]}", "{\"@timestamp\":%s}"}) {
                byte[] element = bytes(at.replace("%s", number));
                assertSure(element);
            }
        }
        for (String number : invalid) {
            byte[] element = bytes("{\"event\":{\"id\":" + number + "}}");
            assertLeftToJackson(element);
        }
    }

    @Test
    void escapesInWantedStringsAreDecodedAsJacksonDoes() {
        for (String escaped : new String[] {"\\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u00E9t\\u00e9", "\\ud83d\\ude00",
                "lone \\ud800 and \\udfff", "\\u0000\\u001f", "caf\u00e9 \\n \u4e2d \\t \ud83d\ude00", "\\u12"}) {
            byte[] element = bytes("{\"@timestamp\":\"" + escaped + "\",\"event\":{\"id\":\"" + escaped + "\"}}");
            boolean wellFormed = !escaped.equals("\\u12");
            assertEquals(wellFormed, sureWithProductionPattern(element), () -> show(element));
            compareAll(element);
        }
        for (String bad : new String[] {"\\x", "\\'", "\\u12g4", "\\", "\\U00e9"}) {
            byte[] element = bytes("{\"message\":\"" + bad + "\"}");
            assertLeftToJackson(element);
        }
    }

    @Test
    void rawLineBreaksBetweenTokensMarkTheElementMultilineAsJacksonCounts() {
        for (String ws : new String[] {"\n", "\r", "\r\n", "\n\r", " \t", "\t\r \n "}) {
            for (String element : new String[] {ws + "{}", "{}" + ws, "{" + ws + "\"a\"" + ws + ":" + ws + "1" + ws + "}",
                    "{\"event\":{\"id\":12" + ws + "},\"x\":[true" + ws + ",null]}"}) {
                byte[] bytes = bytes(element);
                assertTrue(sureWithProductionPattern(bytes), () -> show(bytes));
                assertEquals(ws.contains("\n") || ws.contains("\r"), builders.get(0).scannedMultiline(), () -> show(bytes));
                compareAll(bytes);
            }
        }
        for (String other : new String[] {"\f", "\u000b", "\u0000", "\u00a0"}) {
            assertLeftToJackson(bytes("{" + other + "}"));
        }
    }

    @Test
    void malformedUtf8IsLeftToJacksonAndWellFormedUtf8IsNot() {
        int[][] malformed = {{0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC3}, {0xC3, 0x28}, {0xE0, 0x80, 0x80},
                {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xE2, 0x82}, {0xF0, 0x80, 0x80, 0x80},
                {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80},
                {0xFE}, {0xFF}, {0xF0, 0x9F, 0x98}};
        int[][] wellFormed = {{0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
                {0xEF, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0x9F, 0x98, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
        for (int[] sequence : malformed) {
            for (byte[] element : inEveryPlace(sequence)) {
                assertLeftToJackson(element);
            }
        }
        for (int[] sequence : wellFormed) {
            for (byte[] element : inEveryPlace(sequence)) {
                assertSure(element);
            }
        }
    }

    /** {@code sequence} in a skipped value, a wanted value, a skipped key and a key where keys are matched. */
    private static List<byte[]> inEveryPlace(int[] sequence) {
        List<byte[]> elements = new ArrayList<>();
        for (String template : new String[] {"{\"message\":\"a~b\"}", "{\"event\":{\"id\":\"~\"}}", "{\"x\":{\"~\":1}}",
                "{\"~\":1,\"event\":{\"i~\":2}}"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte b : bytes(template)) {
                if (b == '~') {
                    for (int s : sequence) {
                        out.write(s);
                    }
                } else {
                    out.write(b);
                }
            }
            elements.add(out.toByteArray());
        }
        return elements;
    }

    @Test
    void notOneObjectAByteOrderMarkOrTooDeepANestingIsLeftToJackson() {
        List<byte[]> elements = new ArrayList<>();
        for (String s : new String[] {"", " ", "[]", "\"s\"", "42", "null", "{", "}", "{}{}", "{} {}", "{}x", "{}]", "{},",
                "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{'a':1}", "{a:1}",
                "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":1 2}", "{\"a\":\"b\"\"c\"}", "{\"a\":1}/*c*/",
                "{\"a\":1}//", "{\"a\":1}#", "{\"a\"::1}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":\"\t\"}", "{\"a\":\"\n\"}"}) {
            elements.add(bytes(s));
        }
        byte[] json = bytes("{\"@timestamp\":\"2026-11-24T10:00:00Z\"}");
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, bom, 3, json.length);
        elements.add(bom);
        elements.add(bytes("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}"));
        elements.add(bytes("{\"a\":" + "{\"b\":".repeat(1000) + "1" + "}".repeat(1000) + "}"));
        for (byte[] element : elements) {
            assertLeftToJackson(element);
        }
        byte[] deepest = bytes("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}");
        assertTrue(sureWithProductionPattern(deepest), "64 levels are within the fast scan's depth");
    }

    @Test
    void laterDuplicatesOverwriteEarlierOnesAsInTheJacksonScan() {
        for (String s : new String[] {"{\"@timestamp\":\"a\",\"@timestamp\":null}", "{\"@timestamp\":\"a\",\"@timestamp\":{}}",
                "{\"event\":{\"id\":\"a\"},\"event\":\"b\"}", "{\"event\":{\"id\":\"a\"},\"event\":{\"x\":1}}",
                "{\"event\":{\"id\":1,\"id\":2.5}}", "{\"host\":\"h\",\"host\":{\"name\":\"n\"}}"}) {
            byte[] element = bytes(s);
            assertSure(element);
        }
    }

    @Test
    void aKeyWithAnEscapeIsLeftToJacksonWhereKeysAreMatchedOnly() {
        byte[] matched = bytes("{\"\\u0040timestamp\":\"2026-11-24T10:00:00Z\"}");
        assertLeftToJackson(matched);
        byte[] skipped = bytes("{\"x\":{\"\\u0040timestamp\":\"t\",\"a\\\"b\":1}}");
        assertSure(skipped);
        // Jackson checks escaped surrogates in keys (not in values): they are left to it
        for (String key : new String[] {"\\ud83d\\ude00", "\\ud800c", "\\udc00", "\\ud800\\u0041"}) {
            assertLeftToJackson(bytes("{\"x\":{\"" + key + "\":1}}"));
        }
    }

    @Test
    void aPatternFieldHoldingAnObjectOrArrayIsLeftToJacksonWhichBuildsItsTree() {
        DocumentBuilder whole = builders.get(3); // %{tags}|%{[event]}|%{n}
        for (String s : new String[] {"{\"tags\":[\"a\"]}", "{\"event\":{\"id\":\"e\"}}", "{\"n\":{}}"}) {
            assertFalse(compare(whole, bytes(s)), s);
        }
        for (String s : new String[] {"{\"tags\":\"a\"}", "{\"event\":null}", "{\"n\":7}"}) {
            assertTrue(compare(whole, bytes(s)), s);
        }
    }

    @Test
    void aFactoryThatRefusesDuplicatesOrCountsTokensTurnsTheFastScanOff() {
        ObjectMapper strict = new ObjectMapper();
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        ObjectMapper counting = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxTokenCount(5).build()).build());
        byte[] duplicate = bytes("{\"a\":1,\"a\":2}");
        byte[] many = bytes("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}");
        for (ObjectMapper mapper : List.of(strict, counting)) {
            DocumentBuilder b = builder(mapper, "logstash-%{+YYYY.MM.dd}");
            for (byte[] element : List.of(duplicate, many, bytes("{}"))) {
                assertFalse(compare(b, element), () -> show(element));
            }
        }
        assertFalse(builder(strict, "x").jacksonScan(duplicate), "the strict factory refuses a duplicate");
        assertFalse(builder(counting, "x").jacksonScan(many), "the counting factory refuses many tokens");
    }

    @Test
    void streamLimitsOfTheFactoryAreNeverCrossedByTheFastScan() {
        DocumentBuilder tight = builders.get(builders.size() - 1); // numbers 6, strings 40, names 12, depth 4
        String[] refused = {"{\"n\":1234567}", "{\"fields\":{\"app\":\"" + "x".repeat(41) + "\"}}",
                "{\"abcdefghijklm\":1}", "{\"a\":[[[[1]]]]}"};
        for (String s : refused) {
            assertFalse(tight.jacksonScan(bytes(s)), s);
            assertFalse(compare(tight, bytes(s)), s);
        }
        String[] within = {"{\"n\":123456}", "{\"fields\":{\"app\":\"" + "x".repeat(40) + "\"}}", "{\"abcdefghijkl\":1}",
                "{\"a\":[[[1]]]}", "{\"message\":\"" + "x".repeat(100) + "\"}"};
        for (String s : within) {
            assertTrue(compare(tight, bytes(s)), s);
        }
        DocumentBuilder shortDocuments = builder(new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(16).build()).build()), "x");
        assertTrue(compare(shortDocuments, bytes("{\"a\":1234567890}")), "16 bytes");
        assertFalse(compare(shortDocuments, bytes("{\"a\":12345678901}")), "17 bytes");
    }

    // ---- generators ----

    /** An event as the shipper writes it (EventWriter): the same fields in the same order, Jackson's escaping. */
    private static Map<String, Object> wireEvent(Random random) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("@timestamp", String.format("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + random.nextInt(12),
                1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000)));
        event.put("@version", "1");
        event.put("message", text(random, 1 + random.nextInt(300)));
        event.put("host", Map.of("name", "web-" + Integer.toHexString(random.nextInt())));
        String path = "/var/log/" + text(random, 12) + ".log";
        if (random.nextInt(10) > 0) {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("file", Map.of("path", path));
            log.put("offset", random.nextInt(4) == 0 ? (long) random.nextInt(1000) : Math.abs(random.nextLong()));
            event.put("log", log);
        }
        event.put("event", Map.of("id", path + "@" + String.format("%016x", random.nextLong())));
        if (random.nextBoolean()) {
            event.put("type", "app");
        }
        if (random.nextBoolean()) {
            event.put("tags", List.of("multiline", "multiline_codec_max_lines_reached", text(random, 6)));
        }
        if (random.nextBoolean()) {
            event.put("fields", Map.of("app", text(random, 8), "team", "payments"));
        }
        return event;
    }

    /** Text with what matters to a scanner: quotes, backslashes, control characters, and 2-, 3- and 4-byte UTF-8. */
    private static String text(Random random, int length) {
        String[] pieces = {"a", "Z", "0", " ", "-", "/", ":", ".", "\"", "\\", "\n", "\t", "\r", "\u0000", "\u001f",
                "\u007f", "\u00e9", "\u00df", "\u20ac", "\u4e2d", "\u2028", "\ufeff", "\uffff", "\ud83d\ude00", "\ud800\udc00",
                "{", "}", "[", "]", ",", "@"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(3) > 0 ? (char) ('a' + random.nextInt(26)) : pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** The same element with random whitespace between tokens (never inside strings). */
    private static byte[] withWhitespace(Random random, byte[] element) {
        String[] spaces = {" ", "\t", "\n", "\r", "\r\n", "  "};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean inString = false;
        for (int i = 0; i < element.length; i++) {
            byte b = element[i];
            out.write(b);
            if (inString) {
                if (b == '\\') {
                    out.write(element[++i]);
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            }
            if (!inString && random.nextInt(4) == 0) {
                out.writeBytes(bytes(spaces[random.nextInt(spaces.length)]));
            }
        }
        return out.toByteArray();
    }

    /** A random object, written by hand so it has what a generator would not write: duplicates, odd spacing, escapes. */
    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int members = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(space(random)).append(',');
            }
            out.append(space(random)).append(key(random)).append(space(random)).append(':').append(space(random));
            out.append(value(random, depth + 1));
        }
        return out.append(space(random)).append('}').append(random.nextInt(8) == 0 ? space(random) : "").toString();
    }

    private static String array(Random random, int depth) {
        StringBuilder out = new StringBuilder("[");
        int items = random.nextInt(4);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                out.append(space(random)).append(',');
            }
            out.append(space(random)).append(value(random, depth + 1));
        }
        return out.append(space(random)).append(']').toString();
    }

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 5 ? 7 : 9);
        return switch (kind) {
            case 0, 1 -> string(random);
            case 2, 3 -> number(random);
            case 4 -> "true";
            case 5 -> "false";
            case 6 -> "null";
            case 7 -> object(random, depth);
            default -> array(random, depth);
        };
    }

    private static String key(Random random) {
        if (random.nextInt(10) == 0) {
            return string(random);
        }
        String key = KEYS.get(random.nextInt(KEYS.size()));
        return random.nextInt(20) == 0 ? "\"" + escapeSome(key) + "\"" : "\"" + key + "\"";
    }

    /** A string literal, sometimes with escapes written in ways Jackson's generator never writes. */
    private static String string(Random random) {
        Supplier<String> piece = () -> switch (random.nextInt(12)) {
            case 0 -> "\\u" + String.format(random.nextBoolean() ? "%04x" : "%04X", random.nextInt(0x10000));
            case 1 -> "\\" + "\"\\/bfnrt".charAt(random.nextInt(8));
            case 2 -> "\\ud83d\\ude00";
            case 3 -> text(random, 1).replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "\\\\n");
            default -> String.valueOf((char) ('a' + random.nextInt(26)));
        };
        StringBuilder out = new StringBuilder("\"");
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            out.append(piece.get());
        }
        return out.append('"').toString();
    }

    private static String escapeSome(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            out.append(c == 'e' ? "\\u0065" : String.valueOf(c));
        }
        return out.toString();
    }

    private static String number(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextBoolean()) {
            out.append('-');
        }
        out.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(random.nextBoolean() ? 9 : 1_000_000)));
        if (random.nextInt(3) == 0) {
            out.append('.').append(random.nextInt(1000));
        }
        if (random.nextInt(4) == 0) {
            out.append("eE".charAt(random.nextInt(2))).append(random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-")
                    .append(random.nextInt(400));
        }
        return out.toString();
    }

    private static String space(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> " ";
            case 1 -> "\n";
            case 2 -> "\r\n";
            case 3 -> "\t ";
            case 4 -> "\r";
            default -> "";
        };
    }

    /** One random change of the kinds that corrupt an element on its way, or make it something else. */
    private static byte[] mutate(Random random, byte[] element) {
        byte[] interesting = {'{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', '\r', 0, 1, 0x1f, 0x7f, '0', '-', '.',
                'e', 't', 'n', (byte) 0x80, (byte) 0xC3, (byte) 0xE2, (byte) 0xED, (byte) 0xF0, (byte) 0xFF, (byte) 0xEF};
        int at = element.length == 0 ? 0 : random.nextInt(element.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(9)) {
            case 0 -> out.write(element, 0, at); // truncated
            case 1 -> { // a byte inserted
                out.write(element, 0, at);
                out.write(interesting[random.nextInt(interesting.length)]);
                out.write(element, at, element.length - at);
            }
            case 2 -> { // a byte removed
                int cut = Math.min(at, element.length - 1);
                out.write(element, 0, Math.max(cut, 0));
                if (cut >= 0 && cut + 1 <= element.length) {
                    out.write(element, cut + 1, element.length - cut - 1);
                }
            }
            case 3 -> { // a byte replaced
                out.writeBytes(element);
                byte[] replaced = out.toByteArray();
                if (replaced.length > 0) {
                    replaced[Math.min(at, replaced.length - 1)] = interesting[random.nextInt(interesting.length)];
                }
                return replaced;
            }
            case 4 -> { // trailing garbage
                out.writeBytes(element);
                out.writeBytes(bytes(new String[] {"x", " 1", "}", "]", ",", "{}", "\u0000", " \"s\"", "\n"}[random.nextInt(9)]));
            }
            case 5 -> { // two objects
                out.writeBytes(element);
                out.writeBytes(bytes(random.nextBoolean() ? "\n" : ""));
                out.writeBytes(element);
            }
            case 6 -> out.writeBytes(bytes(new String[] {"\"bare\"", "12", "-1.5", "true", "null", "[1,{}]", "[]", "plain text"}
                    [random.nextInt(8)])); // a bare value
            case 7 -> { // a quote or brace removed
                String s = new String(element, StandardCharsets.ISO_8859_1);
                char c = "\"{}[]".charAt(random.nextInt(5));
                int i = s.indexOf(c, random.nextInt(Math.max(1, s.length())));
                out.writeBytes((i < 0 ? s : s.substring(0, i) + s.substring(i + 1)).getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> { // a byte order mark
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                out.writeBytes(element);
            }
        }
        return out.toByteArray();
    }

    @Test
    void theEightByteStepStopsExactlyAtTheFirstByteAStringMustLookAt() {
        Random random = new Random(7);
        byte[] interesting = {0x00, 0x0a, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, (byte) 0x80, (byte) 0xc3,
            (byte) 0xe2, (byte) 0xff, 'a'};
        for (int i = 0; i < 200_000; i++) {
            long word = 0;
            int first = 8;
            for (int b = 0; b < 8; b++) {
                int v = (i % 2 == 0 ? interesting[random.nextInt(interesting.length)] : random.nextInt(256)) & 0xFF;
                if (first == 8 && (v < 0x20 || v == '"' || v == '\\' || v >= 0x80)) {
                    first = b;
                }
                word |= (long) v << (8 * b);
            }
            assertEquals(first, Long.numberOfTrailingZeros(WireScan.special(word)) >>> 3, Long.toHexString(word));
        }
    }
}
