package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.codec.Rubydebug;
import io.logpipe.devstack.Resp;

/**
 * The debug output ({@code shipper.debug-output}, Logstash's {@code stdout}) in each {@code shipper.debug-format}:
 * the very event that went to Redis, and stdin's events decorated as {@code shipper.stdin.*} says.
 */
class DebugOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ships "hello world" from stdin with the given debug format; returns what was printed and the Redis element. */
    private static String[] helloWorld(String format) throws Exception {
        try (FileScenario s = FileScenario.create("debug-" + format)) {
            s.set("stdin.enabled", "true").set("stdin.type", "console").set("stdin.tags", "typed")
                    .set("stdin.add-field.team", "ops").set("debug-output", "true").set("debug-format", format);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            s.start(new PrintStream(printed, true), new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.UTF_8)));
            s.waitFor("the stdin event", Duration.ofSeconds(30), () -> s.llen() >= 1);
            try (Resp r = s.redis().connect()) {
                @SuppressWarnings("unchecked")
                List<Object> raw = (List<Object>) r.call("LRANGE", s.key(), "0", "-1");
                s.stop();
                return new String[] {printed.toString(StandardCharsets.UTF_8), (String) raw.get(0)};
            }
        }
    }

    @Test
    void rubydebugPrintsTheShippedEventAsLogstashsRubydebugCodec() throws Exception {
        String[] out = helloWorld("rubydebug");
        JsonNode shipped = JSON.readTree(out[1]);
        assertEquals("hello world", shipped.get("message").asText());
        assertEquals("console", shipped.get("type").asText());
        assertEquals("[\"typed\"]", shipped.get("tags").toString());
        assertEquals("ops", shipped.get("team").asText(), "stdin's add-field at the event's root: " + shipped);
        assertEquals(Rubydebug.format(shipped), out[0]);
    }

    @Test
    void jsonLinesPrintsTheShippedElementOnOneLine() throws Exception {
        String[] out = helloWorld("json-lines");
        assertEquals(out[1] + "\n", out[0]);
    }

    @Test
    void jsonStaysTheDefaultIndentedJson() throws Exception {
        String[] out = helloWorld("json");
        assertEquals(JSON.readTree(out[1]), JSON.readTree(out[0]));
        assertEquals(true, out[0].contains("\n  \"message\" : \"hello world\""), out[0]);
    }
}
