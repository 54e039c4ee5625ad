package io.logpipe.shipper.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.shipper.tail.Message;

class EventWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T = 1_795_514_400_123L; // 2026-11-24T10:00:00.123Z

    @Test
    void writesTheWireContract() throws Exception {
        EventWriter w = new EventWriter("web-7c9f");
        Message m = new Message("line one\nline two", 1234, 1252, 17, 2, 0);
        byte[] bytes = w.write(T, m, "/var/log/app/app.log", "9f2c", new Decoration("app", List.of("t1"),
                Map.of("team", "payments")));
        assertEquals("{\"@timestamp\":\"2026-11-24T10:00:00.123Z\",\"@version\":\"1\",\"message\":\"line one\\nline two\","
                + "\"host\":{\"name\":\"web-7c9f\"},\"log\":{\"file\":{\"path\":\"/var/log/app/app.log\"},\"offset\":1234},"
                + "\"event\":{\"id\":\"9f2c\"},\"type\":\"app\",\"tags\":[\"multiline\",\"t1\"],\"fields\":{\"team\":\"payments\"}}",
                new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void eventsWithoutFileTypeTagsOrFieldsLeaveThoseOut() throws Exception {
        EventWriter w = new EventWriter("h");
        JsonNode e = JSON.readTree(w.write(T, new Message("x", 0, 2, 1, 1, 0), null, "id", Decoration.NONE));
        assertFalse(e.has("log"));
        assertFalse(e.has("type"));
        assertFalse(e.has("tags"));
        assertFalse(e.has("fields"));
    }

    @Test
    void consecutiveEventsAreSeparateDocumentsAndControlCharactersAreEscaped() throws Exception {
        EventWriter w = new EventWriter("h");
        byte[] a = w.write(T, new Message("a\u0000\u001b\"\\", 0, 6, 5, 1, Message.SPLIT_LINE), "/f", "1", Decoration.NONE);
        byte[] b = w.write(T + 1, new Message("\uFFFDb", 6, 9, 2, 1, 0), "/f", "2", Decoration.NONE);
        JsonNode ea = JSON.readTree(a);
        JsonNode eb = JSON.readTree(b);
        assertEquals("a\u0000\u001b\"\\", ea.get("message").asText());
        assertEquals("[\"split_line\"]", ea.get("tags").toString());
        assertEquals("\uFFFDb", eb.get("message").asText());
        assertEquals("2026-11-24T10:00:00.124Z", eb.get("@timestamp").asText());
    }

    @Test
    void limitTagsFollowTheMultilineTag() throws Exception {
        EventWriter w = new EventWriter("h");
        JsonNode e = JSON.readTree(w.write(T, new Message("a\nb", 0, 4, 3, 2, Message.MAX_BYTES_REACHED), "/f", "1",
                new Decoration(null, List.of("mine"), Map.of())));
        assertEquals("[\"multiline\",\"multiline_codec_max_bytes_reached\",\"mine\"]", e.get("tags").toString());
    }

    @Test
    void rootFieldsAreWrittenAtTheEventsRootAsLogstashAddFieldDoes() throws Exception {
        EventWriter w = new EventWriter("h");
        Decoration d = new Decoration("app", List.of(), Map.of("beats", "style"), Map.of("team", "payments", "env", "prod"));
        for (Message m : List.of(new Message("x", 0, 2, 1, 1, 0), new Message("a\nb", 0, 4, 3, 2, 0))) {
            JsonNode e = JSON.readTree(w.write(T, m, "/f", "1", d));
            assertEquals("payments", e.get("team").asText(), e.toString());
            assertEquals("prod", e.get("env").asText(), e.toString());
            assertEquals("style", e.get("fields").get("beats").asText(), e.toString());
            assertEquals("app", e.get("type").asText(), e.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new Decoration(null, List.of(), Map.of(), Map.of("message", "x")));
    }

    @Test
    void metadataFollowsTheRootFieldsOfEveryEventAndAChangeReachesTheNextEvent() throws Exception {
        EventMetadata metadata = new EventMetadata();
        metadata.set(Map.of("kubernetes", Map.of("pod", Map.of("name", "web-1"), "namespace", "shop"),
                "container", Map.of("name", "nginx")));
        EventWriter w = new EventWriter("h", metadata);
        Decoration d = new Decoration("app", List.of(), Map.of(), Map.of("team", "payments"));
        Message plain = new Message("x", 0, 2, 1, 1, 0);
        assertEquals("{\"@timestamp\":\"2026-11-24T10:00:00.123Z\",\"@version\":\"1\",\"message\":\"x\","
                + "\"host\":{\"name\":\"h\"},\"log\":{\"file\":{\"path\":\"/f\"},\"offset\":0},\"event\":{\"id\":\"1\"},"
                + "\"type\":\"app\",\"team\":\"payments\",\"container\":{\"name\":\"nginx\"},"
                + "\"kubernetes\":{\"namespace\":\"shop\",\"pod\":{\"name\":\"web-1\"}}}",
                new String(w.write(T, plain, "/f", "1", d), StandardCharsets.UTF_8));
        JsonNode tagged = JSON.readTree(w.write(T, new Message("a\nb", 0, 4, 3, 2, 0), "/f", "2", d));
        assertEquals("shop", tagged.at("/kubernetes/namespace").asText(), tagged.toString());
        assertEquals("[\"multiline\"]", tagged.get("tags").toString());

        metadata.set(Map.of("kubernetes", Map.of("namespace", "shop", "labels", Map.of("version", "2"))));
        JsonNode changed = JSON.readTree(w.write(T, plain, "/f", "3", d));
        assertEquals("2", changed.at("/kubernetes/labels/version").asText(), changed.toString());
        assertFalse(changed.has("container"), changed.toString());
        assertThrows(IllegalArgumentException.class, () -> metadata.set(Map.of("host", Map.of("name", "x"))),
                "metadata cannot write a field the writer writes");
    }

    @Test
    void prettyOutputIsTheSameEventIndented() throws Exception {
        EventMetadata metadata = new EventMetadata();
        metadata.set(Map.of("kubernetes", Map.of("labels", Map.of("app", "w\"eb")), "container", Map.of("name", "c")));
        EventWriter w = new EventWriter("h\"q", metadata);
        Decoration full = new Decoration("t\u00e9", List.of("a", "b\"c"), Map.of("k", "v\n", "k2", "\u20ac"));
        for (Decoration d : List.of(Decoration.NONE, full)) {
            for (Message m : List.of(new Message("x", 5, 7, 1, 1, 0),
                    new Message("a\n\tb", 9, 14, 4, 2, Message.MAX_LINES_REACHED | Message.MAX_BYTES_REACHED),
                    new Message("piece", 0, 5, 5, 1, Message.SPLIT_LINE))) {
                for (String path : java.util.Arrays.asList("/f \"x\"", null)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    w.writePretty(out, T, m, path, "id", d);
                    String text = out.toString(StandardCharsets.UTF_8);
                    assertTrue(text.contains("\n  "), text);
                    assertEquals(JSON.readTree(text), JSON.readTree(w.write(T, m, path, "id", d)), text);
                }
            }
        }
    }

    @Test
    void compactBytesAreExactlyWhatJacksonWritesForAnyText() throws Exception {
        EventMetadata metadata = new EventMetadata();
        EventWriter w = new EventWriter("web \"1\"", metadata);
        Random random = new Random(20261124);
        String alphabet = "aZ09 \"\\/\u0000\u0001\b\t\n\f\r\u001f\u007f\u0080\u00e9\u2028\u20ac\uFFFD\uD83D\uDE00<>&'";
        Decoration decorated = new Decoration("t\u00e9", List.of("a", "b\"c"), Map.of("k", "v\n", "k2", "\u20ac"),
                Map.of("team", "pay\"ments", "env \u00e9", "\u20ac\n"));
        String[] keys = {"plain-key-1", "plain-key-1", "key \u00e9\"quoted\"", "plain-key-2"};
        for (int i = 0; i < 2000; i++) {
            if (i == 700) {
                metadata.set(Map.of("kubernetes", Map.of("namespace", "shop", "labels", Map.of("app_kubernetes_io/name",
                        "w\u00e9b \"1\"")), "container", Map.of("name", "nginx")));
            } else if (i == 1400) {
                metadata.set(Map.of("kubernetes", Map.of("namespace", "shop\n2")));
            }
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(i % 50 == 0 ? 5000 : 60);
            while (text.length() < length) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                if (Character.isLowSurrogate(c)) {
                    continue; // text read from UTF-8 never holds a lone surrogate
                }
                text.append(c);
                if (Character.isHighSurrogate(c)) {
                    text.append(alphabet.charAt(at + 1));
                }
            }
            long offset = i % 5 == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(i % 4 == 0 ? 10 : 1 << 30);
            Message m = new Message(text.toString(), offset, 0, 0, 1 + random.nextInt(3),
                    random.nextInt(8));
            String path = i % 3 == 0 ? null : "/var/log/\u00e9 \"" + i % 7 + "\".log";
            Decoration d = i % 2 == 0 ? Decoration.NONE : decorated;
            ByteArrayOutputStream jackson = new ByteArrayOutputStream();
            try (JsonGenerator g = EventWriter.JSON.createGenerator(jackson)) {
                w.write(g, T + i, m, path, "id-" + i, d);
            }
            assertEquals(jackson.toString(StandardCharsets.UTF_8),
                    new String(w.write(T + i, m, path, "id-" + i, d), StandardCharsets.UTF_8), "case " + i);
            // the same through encode(Event): the id from a source key (plain or not) and the offset, with the
            // parts the writer joins once per file, key and millisecond changing from one event to the next
            Event event = new Event(T + i / 3, m, path, keys[i % keys.length], offset, d);
            jackson.reset();
            try (JsonGenerator g = EventWriter.JSON.createGenerator(jackson)) {
                w.write(g, T + i / 3, m, path, event.id(), d);
            }
            assertEquals(jackson.toString(StandardCharsets.UTF_8), new String(w.encode(event), StandardCharsets.UTF_8),
                    "event case " + i);
        }
    }

    @Test
    void anEventEncodesWithItsIdFromSourceKeyAndOffset() throws Exception {
        EventWriter w = new EventWriter("h");
        String key = EventIds.sourceKey("h", 1L, 2L, 0);
        Message m = new Message("GET / \"x\"", 4096, 4107, 10, 1, 0);
        Decoration d = new Decoration("app", List.of(), Map.of());
        Event event = new Event(T, m, "/f", key, m.offset(), d);
        assertEquals(EventIds.id(key, 4096), event.id());
        assertEquals(new String(w.write(T, m, "/f", EventIds.id(key, 4096), d), StandardCharsets.UTF_8),
                new String(w.encode(event), StandardCharsets.UTF_8));
        assertEquals(EventIds.id(key, 4096), JSON.readTree(w.encode(event)).at("/event/id").asText());
    }

    @Test
    void anEventEncodedIntoTheCallersArrayIsTheSameJsonAfterWhatWasThere() {
        EventWriter w = new EventWriter("h");
        Decoration d = new Decoration("app", List.of("t"), Map.of());
        Event longer = new Event(T, new Message("a much longer line " + "x".repeat(40_000), 0, 40_020, 40_019, 1, 0),
                "/f", "k", 0, d);
        Event shorter = new Event(T, new Message("short \"quoted\"", 40_020, 40_036, 15, 1, 0), "/f", "k", 40_020, d);
        byte[] target = "head:".getBytes(StandardCharsets.US_ASCII);
        // buffer() after encodeAt: a target too small for the event is replaced by a larger copy
        int end = w.encodeAt(longer, Arrays.copyOf(target, 1024), 5);
        byte[] grown = w.buffer();
        assertEquals("head:" + new String(w.encode(longer), StandardCharsets.UTF_8),
                new String(grown, 0, end, StandardCharsets.UTF_8), "after growing the caller's array");
        byte[] roomy = Arrays.copyOf(target, 1024);
        end = w.encodeAt(shorter, roomy, 5);
        assertSame(roomy, w.buffer(), "written where there was room");
        assertEquals("head:" + new String(w.encode(shorter), StandardCharsets.UTF_8),
                new String(roomy, 0, end, StandardCharsets.UTF_8), "the bytes up to the end only");
    }

    @Test
    void offsetsAreWrittenExactlyAtEveryNumberOfDigits() throws Exception {
        EventWriter w = new EventWriter("h");
        Decoration d = new Decoration("app", List.of(), Map.of());
        List<Long> offsets = new java.util.ArrayList<>(List.of(0L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
                4_294_967_295L, Long.MAX_VALUE));
        for (long p = 1; p <= 1_000_000_000_000L; p *= 10) {
            offsets.addAll(List.of(p - 1, p, p + 1));
        }
        for (long offset : offsets) {
            Message m = new Message("x", offset, offset + 2, 1, 1, 0);
            assertEquals(offset, JSON.readTree(w.write(T, m, "/f", "id", d)).at("/log/offset").asLong(), "offset " + offset);
        }
    }

    @Test
    void idsAreDeterministicPerSourceAndOffset() {
        String key = EventIds.sourceKey("host", 2049L, 1234L, 0);
        assertEquals(key, EventIds.sourceKey("host", 2049L, 1234L, 0));
        assertNotEquals(key, EventIds.sourceKey("host", 2049L, 1234L, 1), "another truncation generation");
        assertNotEquals(key, EventIds.sourceKey("other", 2049L, 1234L, 0));
        assertEquals(EventIds.id(key, 77), EventIds.id(key, 77));
        assertNotEquals(EventIds.id(key, 77), EventIds.id(key, 78));
        assertEquals(40, EventIds.id(key, Long.MAX_VALUE).length());
    }

    @Test
    void timestampsAreUtcMillisecondsWithZ() {
        Timestamps t = new Timestamps();
        assertEquals("2026-11-24T10:00:00.123Z", t.format(T));
        assertEquals("2026-11-24T10:00:00.999Z", t.format(T + 876));
        assertEquals("2026-11-24T10:00:01.000Z", t.format(T + 877));
        assertEquals("1970-01-01T00:00:00.000Z", t.format(0));
    }
}
