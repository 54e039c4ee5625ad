package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every case of the shared multiline test data (from the Logstash codec's and Beats' suites) written to a real
 * file and shipped to a real Redis; the list must hold exactly the expected events.
 */
class MultilineCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = MultilineCasesTest.class.getResourceAsStream("/multiline-cases.json")) {
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                cases.add(Arguments.of(c.get("id").asText(), c));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseShipsExactlyTheExpectedEvents(String id, JsonNode c) {
        try (FileScenario s = FileScenario.create("ml-" + id)) {
            JsonNode ml = c.path("multiline");
            if (ml.isObject()) {
                s.set("inputs.app.multiline.pattern", ml.get("pattern").asText());
                s.set("inputs.app.multiline.negate", ml.path("negate").asText("false"));
                s.set("inputs.app.multiline.what", ml.path("what").asText("previous"));
                if (ml.has("max-lines")) {
                    s.set("inputs.app.multiline.max-lines", ml.get("max-lines").asText());
                }
                if (ml.has("max-bytes")) {
                    s.set("inputs.app.multiline.max-bytes", ml.get("max-bytes").asText());
                }
                s.set("inputs.app.multiline.flush-interval", "200ms");
            }
            // The line-ending case is about CRLF files: write it with CRLF, every other case with LF.
            byte[] newline = id.contains("crlf") ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
            if (c.has("input_lines_hex")) {
                for (JsonNode hex : c.get("input_lines_hex")) {
                    s.appendBytes("case.log", HexFormat.of().parseHex(hex.asText()));
                    s.appendBytes("case.log", newline);
                }
            } else {
                for (JsonNode line : c.get("input_lines")) {
                    s.appendBytes("case.log", line.asText().getBytes(StandardCharsets.UTF_8));
                    s.appendBytes("case.log", newline);
                }
            }
            s.start();
            s.waitUntilShipped("case.log");
            List<String> expected = new ArrayList<>();
            for (JsonNode e : c.get("expected")) {
                expected.add(e.get("message").asText() + " " + e.path("tags"));
            }
            List<String> actual = new ArrayList<>();
            for (JsonNode e : s.events()) {
                actual.add(e.get("message").asText() + " " + (e.has("tags") ? e.get("tags") : JSON.createArrayNode()));
            }
            assertEquals(expected, actual);
        }
    }

    @Test
    void theElasticsearchLogGivesTwentyEventsHoldingEveryLine() throws IOException {
        byte[] log;
        try (InputStream in = MultilineCasesTest.class.getResourceAsStream("/elasticsearch-multiline.log")) {
            log = in.readAllBytes();
        }
        try (FileScenario s = FileScenario.create("es-log")) {
            s.set("inputs.app.multiline.pattern", "^\\[");
            s.set("inputs.app.multiline.negate", "true");
            s.set("inputs.app.multiline.what", "previous");
            s.set("inputs.app.multiline.flush-interval", "200ms");
            s.appendBytes("elasticsearch.log", log);
            s.start();
            s.waitUntilShipped("elasticsearch.log");
            List<String> messages = s.messages();
            assertEquals(20, messages.size());
            assertTrue(messages.stream().allMatch(m -> m.startsWith("[2015-12-06 ")));
            String text = new String(log, StandardCharsets.UTF_8);
            assertEquals(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, String.join("\n", messages),
                    "the events joined again are the file");
            // Four log records carry a stack trace of eight lines each.
            assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 1, 1),
                    messages.stream().map(m -> m.split("\n", -1).length).toList());
            assertEquals(4, s.events().stream().filter(e -> e.path("tags").toString().contains("multiline")).count());
        }
    }

    @Test
    void aPatternOfABackslashBeforeTheEndOfLineJoinsCStyleContinuations() {
        try (FileScenario s = FileScenario.create("ml-continuation")) {
            // The value as -D...pattern='\\$' or SHIPPER_INPUTS_APP_MULTILINE_PATTERN='\\$' hands it over.
            s.set("inputs.app.multiline.pattern", "\\\\$");
            s.set("inputs.app.multiline.what", "next");
            s.set("inputs.app.multiline.flush-interval", "200ms");
            s.append("c.log", "#define MAX(a, b) \\", "    ((a) > (b) ? (a) : (b))", "int price = 5$", "done");
            s.start();
            s.waitUntilShipped("c.log");
            assertEquals(List.of("#define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))", "int price = 5$", "done"),
                    s.messages());
        }
    }
}
