package io.logpipe.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class RubydebugTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String format(String json) throws Exception {
        return Rubydebug.format(JSON.readTree(json));
    }

    @Test
    void printsAnEventAsLogstashsStdoutDoes() throws Exception {
        String text = format("{\"message\":\"hello world\",\"@version\":\"1\",\"@timestamp\":\"2026-12-06T10:00:00.123Z\","
                + "\"host\":{\"name\":\"vm\"},\"tags\":[\"a\",\"b\"],\"n\":3,\"ok\":true,\"none\":null,\"e\":{},\"l\":[]}");
        assertEquals("""
                {
                       "message" => "hello world",
                      "@version" => "1",
                    "@timestamp" => 2026-12-06T10:00:00.123Z,
                          "host" => {
                        "name" => "vm"
                    },
                          "tags" => [
                        [0] "a",
                        [1] "b"
                    ],
                             "n" => 3,
                            "ok" => true,
                          "none" => nil,
                             "e" => {},
                             "l" => []
                }
                """, text);
    }

    @Test
    void escapesStringsAsRubyInspectDoesAndAlignsLongArrays() throws Exception {
        assertEquals("{\n    \"m\" => \"a \\\"q\\\" \\\\ \\n\\t \\#{x}\"\n}\n", format("{\"m\":\"a \\\"q\\\" \\\\ \\n\\t #{x}\"}"));
        String eleven = format("{\"a\":[0,1,2,3,4,5,6,7,8,9,10]}");
        assertEquals(true, eleven.contains("        [ 0] 0,\n"), eleven);
        assertEquals(true, eleven.contains("        [10] 10\n"), eleven);
    }
}
