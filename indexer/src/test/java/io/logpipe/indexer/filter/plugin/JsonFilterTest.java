package io.logpipe.indexer.filter.plugin;

import static io.logpipe.indexer.filter.FilterTesting.refused;
import static io.logpipe.indexer.filter.FilterTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.FilterTesting;

/** Logstash's json filter, with the examples of its documentation and of the plugin's own behaviour. */
class JsonFilterTest {
    private static final String DOC = "{ \\\"hello\\\": \\\"world\\\", \\\"list\\\": [ 1, 2, 3 ], \\\"hash\\\": { \\\"k\\\": \\\"v\\\" } }";

    private static Event message(String options, String messageJson) {
        return run("json { " + options + " }",
                "{\"@timestamp\":\"2030-01-01T00:00:00.000Z\",\"message\":" + messageJson + "}");
    }

    private static String text(Event event, String field) {
        return event.text(FieldRef.parse(field));
    }

    @Test
    void withoutTargetTheParsedKeysBecomeTopLevelFields() {
        Event event = message("source => \"message\" add_tag => \"parsed\"", "\"" + DOC + "\"");
        assertEquals("world", text(event, "hello"));
        assertEquals("[1,2,3]", event.get(FieldRef.parse("list")).toString());
        assertEquals(2, event.get(FieldRef.parse("[list][1]")).intValue(), "numbers stay numbers");
        assertEquals("v", text(event, "[hash][k]"));
        assertTrue(event.includes(FieldRef.parse("message")), "the source stays");
        assertTrue(event.hasTag("parsed"));
    }

    @Test
    void withATargetTheParsedValueIsStoredThere() {
        Event event = message("source => \"message\" target => \"data\"", "\"" + DOC + "\"");
        assertEquals("world", text(event, "[data][hello]"));
        assertEquals("v", text(event, "[data][hash][k]"));
        assertFalse(event.includes(FieldRef.parse("hello")));
        Event nested = message("source => \"message\" target => \"[doc][body]\"", "\"{\\\"a\\\":1}\"");
        assertEquals(1, nested.get(FieldRef.parse("[doc][body][a]")).intValue());
    }

    @Test
    void theSourceCanBeItsOwnTarget() {
        Event event = run("json { source => \"example\" target => \"example\" }",
                "{\"example\":\"{ \\\"hello\\\": \\\"world\\\" }\"}");
        assertEquals("world", text(event, "[example][hello]"));
    }

    @Test
    void anArrayNeedsATarget() {
        Event stored = message("source => \"message\" target => \"data\"", "\"[ { \\\"k\\\": \\\"v\\\" }, { \\\"l\\\": [1, 2, 3] } ]\"");
        assertEquals("v", text(stored, "[data][0][k]"));
        assertEquals(3, stored.get(FieldRef.parse("[data][1][l][2]")).intValue());
        Event refused = message("source => \"message\" add_tag => \"parsed\"", "\"[1, 2, 3]\"");
        assertTrue(refused.hasTag("_jsonparsefailure"));
        assertFalse(refused.hasTag("parsed"));
        assertFalse(refused.includes(FieldRef.parse("0")));
        Event scalar = message("source => \"message\"", "\"42\"");
        assertTrue(scalar.hasTag("_jsonparsefailure"));
    }

    @Test
    void invalidJsonIsTaggedWithEveryFailureTagAndTheSourceKept() {
        Event event = message("source => \"message\" target => \"data\" "
                + "tag_on_failure => [\"_jsonparsefailure\", \"_custom_failure_tag\"]", "\"invalid json\"");
        assertTrue(event.hasTag("_jsonparsefailure"));
        assertTrue(event.hasTag("_custom_failure_tag"));
        assertEquals("invalid json", text(event, "message"));
        assertFalse(event.includes(FieldRef.parse("data")));

        Event earlier = run("json { source => \"message\" }",
                "{\"message\":\"random_message\",\"tags\":[\"_anotherkindoffailure\"]}");
        assertEquals("[\"_anotherkindoffailure\",\"_jsonparsefailure\"]", earlier.get(Event.TAGS).toString());
    }

    @Test
    void textAfterTheJsonValueMakesItInvalid() {
        Event event = message("source => \"message\"", "\"{\\\"a\\\":1} and more\"");
        assertTrue(event.hasTag("_jsonparsefailure"));
        assertFalse(event.includes(FieldRef.parse("a")));
    }

    @Test
    void skipOnInvalidJsonLeavesTheEventUntaggedAndUnmatched() {
        Event event = message("source => \"message\" skip_on_invalid_json => true add_tag => \"parsed\"",
                "\"this is not a json message\"");
        assertFalse(event.includes(Event.TAGS));
        assertEquals("this is not a json message", text(event, "message"));
        Event valid = message("source => \"message\" skip_on_invalid_json => true", "\"{\\\"a\\\":\\\"b\\\"}\"");
        assertEquals("b", text(valid, "a"));
    }

    @Test
    void aSourceThatIsNotTextIsNotJson() {
        assertTrue(message("source => \"message\"", "{\"already\":\"parsed\"}").hasTag("_jsonparsefailure"));
        assertTrue(message("source => \"message\"", "12").hasTag("_jsonparsefailure"));
        assertFalse(message("source => \"message\" skip_on_invalid_json => true", "12").includes(Event.TAGS));
    }

    @Test
    void aMissingNullOrBlankSourceIsLeftAlone() {
        for (String value : new String[] {"null", "\"\"", "\"   \"", "false"}) {
            Event event = message("source => \"message\" add_tag => \"parsed\"", value);
            assertFalse(event.includes(Event.TAGS), value);
        }
        Event missing = run("json { source => \"message\" add_tag => \"parsed\" }", "{\"other\":\"{}\"}");
        assertFalse(missing.includes(Event.TAGS));
    }

    @Test
    void aParsedTimestampBecomesTheEventTime() {
        Event event = message("source => \"message\"", "\"{ \\\"@timestamp\\\": \\\"2013-10-19T00:14:32.996Z\\\" }\"");
        assertEquals("2013-10-19T00:14:32.996Z", text(event, "@timestamp"));
        Event offset = message("source => \"message\"",
                "\"{\\\"foo\\\":\\\"bar\\\", \\\"@timestamp\\\":\\\"2015-12-02T18:40:00.666+01:00\\\"}\"");
        assertEquals("2015-12-02T17:40:00.666Z", text(offset, "@timestamp"), "written in UTC");
        assertEquals("bar", text(offset, "foo"));
        assertFalse(offset.includes(Event.TAGS));
    }

    @Test
    void anUnreadableParsedTimestampIsKeptAsideAndTagged() {
        Event event = message("source => \"message\"", "\"{\\\"foo\\\":\\\"bar\\\", \\\"@timestamp\\\":\\\"foobar\\\"}\"");
        assertTrue(event.hasTag("_timestampparsefailure"));
        assertEquals("foobar", text(event, "_@timestamp"));
        assertEquals("2030-01-01T00:00:00.000Z", text(event, "@timestamp"), "the time the event had stays");
        assertEquals("bar", text(event, "foo"));
        assertFalse(event.hasTag("_jsonparsefailure"));

        Event number = message("source => \"message\"", "\"{\\\"@timestamp\\\":12}\"");
        assertEquals("12", text(number, "_@timestamp"));
    }

    @Test
    void anEventWithoutATimeGetsTheClocksWhenTheParsedOneIsUnreadable() {
        Ast.Plugin plugin = (Ast.Plugin) LsclParser.parse("filter { json { source => \"message\" } }", "t.conf")
                .sections("filter").get(0).body().get(0);
        Options options = new Options(plugin, Path.of("."));
        JsonFilter filter = new JsonFilter(options, Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));
        options.finish();
        Event event = FilterTesting.event("{\"message\":\"{\\\"@timestamp\\\":\\\"yesterday\\\"}\"}");
        assertTrue(filter.filter(event));
        assertEquals("2026-12-03T10:00:00.000Z", text(event, "@timestamp"));
        assertEquals("yesterday", text(event, "_@timestamp"));
    }

    @Test
    void parsedTagsReplaceTheEventsTagsAsLogstashSetsEachKey() {
        Event event = run("json { source => \"message\" }",
                "{\"message\":\"{\\\"tags\\\":[\\\"from_json\\\"],\\\"level\\\":\\\"info\\\"}\",\"tags\":[\"before\"],"
                        + "\"level\":\"debug\"}");
        assertEquals("[\"from_json\"]", event.get(Event.TAGS).toString());
        assertEquals("info", text(event, "level"), "a parsed key overwrites the field");
    }

    @Test
    void aKeyIsATopLevelFieldNameEvenWithBrackets() {
        Event event = message("source => \"message\"", "\"{\\\"[a][b]\\\":1,\\\"c.d\\\":2}\"");
        assertEquals(1, event.root().get("[a][b]").intValue());
        assertEquals(2, event.root().get("c.d").intValue());
    }

    @Test
    void theSourceIsRequiredAndOptionsAreChecked() {
        ConfigException missing = refused("json {\n  target => \"data\"\n}");
        assertEquals(2, missing.location().line());
        assertTrue(missing.reason().contains("source is required"), missing.reason());
        ConfigException skip = refused("json {\n  source => \"message\"\n  skip_on_invalid_json => maybe\n}");
        assertEquals(4, skip.location().line());
        assertTrue(refused("json { source => \"[message\" }").reason().contains("[message"));
        assertTrue(refused("json { source => \"message\" match => \"x\" }").reason().contains("no option match"));
    }
}
