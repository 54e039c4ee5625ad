package io.logpipe.indexer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.Location;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.common.lscl.Options;

/** The language: conditionals, common options, failures, refusals; with small plugins of the test's own. */
class FilterPipelineTest {

    /** {@code mark { tag => "x" matched => true }}: tags the event, answers "matched" as told. */
    private static Filter mark(Options options) {
        String tag = options.string("tag", "marked");
        boolean matched = options.bool("matched", true);
        return event -> {
            event.tag(tag);
            return matched;
        };
    }

    private static final Map<String, Function<Options, Filter>> PLUGINS = Map.of(
            "mark", FilterPipelineTest::mark,
            "boom", options -> event -> {
                throw new IllegalStateException("kaput");
            },
            "cancel", options -> event -> {
                event.cancel();
                return true;
            });

    private static FilterPipeline compile(String body) {
        return FilterPipeline.compile(LsclParser.parse("filter {\n" + body + "\n}\n", "f.conf"), Path.of("."), PLUGINS);
    }

    private static Event run(String body, String json) {
        Event event = FilterTesting.event(json);
        compile(body).run(event);
        return event;
    }

    private static boolean when(String condition, String json) {
        return run("if " + condition + " { mark { tag => yes } } else { mark { tag => no } }", json).hasTag("yes");
    }

    @Test
    void equalityComparesNumbersByValueAndNothingAcrossTypes() {
        assertTrue(when("[status] == 200", "{\"status\":200}"));
        assertTrue(when("[status] == 200.0", "{\"status\":200}"));
        assertFalse(when("[status] == 200", "{\"status\":\"200\"}"));
        assertTrue(when("[status] == \"200\"", "{\"status\":\"200\"}"));
        assertTrue(when("[a][b] != 'x'", "{\"a\":{\"b\":\"y\"}}"));
        assertTrue(when("[missing] == [other_missing]", "{}"));
        assertFalse(when("[missing] == 'x'", "{}"));
    }

    @Test
    void orderingComparesTwoNumbersOrTwoStringsOnly() {
        assertTrue(when("[status] >= 500", "{\"status\":503}"));
        assertFalse(when("[status] >= 500", "{\"status\":404}"));
        assertTrue(when("[status] < 400", "{\"status\":301.5}"));
        assertTrue(when("[level] < \"b\"", "{\"level\":\"a\"}"));
        assertFalse(when("[status] < 400", "{\"status\":\"301\"}"));
        assertFalse(when("[status] > 1", "{}"));
    }

    @Test
    void regexFindsInStringFieldsOnly() {
        assertTrue(when("[message] =~ /^\\d{3} /", "{\"message\":\"404 not found\"}"));
        assertFalse(when("[message] =~ /^\\d{3} /", "{\"message\":\"not found\"}"));
        assertTrue(when("[message] !~ /error/", "{\"message\":\"all good\"}"));
        assertTrue(when("[message] !~ /error/", "{}"));
        assertTrue(when("[path] =~ \"access\"", "{\"path\":\"/var/log/access.log\"}"));
        assertFalse(when("[n] =~ /1/", "{\"n\":1}"));
    }

    @Test
    void inLooksIntoArraysAndStrings() {
        assertTrue(when("\"java\" in [tags]", "{\"tags\":[\"multiline\",\"java\"]}"));
        assertFalse(when("\"java\" in [tags]", "{\"tags\":[\"multiline\"]}"));
        assertTrue(when("\"java\" not in [tags]", "{}"));
        assertTrue(when("[level] in [\"ERROR\", \"WARN\"]", "{\"level\":\"WARN\"}"));
        assertTrue(when("\"err\" in [message]", "{\"message\":\"an error\"}"));
        assertTrue(when("[code] in [500, 503]", "{\"code\":503}"));
    }

    @Test
    void aBareFieldIsTrueWhenPresentAndNotFalseOrNull() {
        assertTrue(when("[a]", "{\"a\":\"\"}"));
        assertTrue(when("[a]", "{\"a\":0}"));
        assertFalse(when("[a]", "{\"a\":false}"));
        assertFalse(when("[a]", "{\"a\":null}"));
        assertFalse(when("[a]", "{}"));
        assertTrue(when("![a]", "{}"));
        assertTrue(when("!([a] and [b])", "{\"a\":1}"));
    }

    @Test
    void booleanOperatorsWithAndBindingTighterThanOr() {
        assertTrue(when("[a] or [b] and [c]", "{\"a\":1}"), "a or (b and c)");
        assertFalse(when("([a] or [b]) and [c]", "{\"a\":1}"));
        assertTrue(when("[a] xor [b]", "{\"a\":1}"));
        assertFalse(when("[a] xor [b]", "{\"a\":1,\"b\":1}"));
        assertTrue(when("[a] nand [b]", "{\"a\":1}"));
        assertFalse(when("[a] nand [b]", "{\"a\":1,\"b\":1}"));
    }

    @Test
    void onlyTheFirstBranchThatHoldsRuns() {
        String body = "if [n] > 10 { mark { tag => big } } else if [n] > 5 { mark { tag => mid } } "
                + "else if [n] > 1 { mark { tag => small } } else { mark { tag => tiny } }";
        assertTrue(run(body, "{\"n\":7}").hasTag("mid"));
        assertFalse(run(body, "{\"n\":7}").hasTag("small"));
        assertTrue(run(body, "{\"n\":0}").hasTag("tiny"));
        assertTrue(run("if [n] { if [m] { mark { tag => both } } }", "{\"n\":1,\"m\":1}").hasTag("both"));
    }

    @Test
    void commonOptionsApplyOnlyWhenThePluginMatched() {
        String options = "add_field => { \"from_%{src}\" => \"%{[a][b]}!\" } add_tag => [\"t_%{src}\"] "
                + "remove_field => [\"junk\"] remove_tag => [\"old\"]";
        Event matched = run("mark { " + options + " }", "{\"src\":\"x\",\"a\":{\"b\":\"v\"},\"junk\":1,\"tags\":[\"old\"]}");
        assertEquals("v!", matched.text(FieldRef.parse("from_x")));
        assertTrue(matched.hasTag("t_x"));
        assertFalse(matched.hasTag("old"));
        assertFalse(matched.includes(FieldRef.parse("junk")));

        Event unmatched = run("mark { matched => false " + options + " }", "{\"src\":\"x\",\"junk\":1}");
        assertNull(unmatched.get(FieldRef.parse("from_x")));
        assertTrue(unmatched.includes(FieldRef.parse("junk")));
    }

    @Test
    void addFieldOnAnExistingFieldMakesAnArray() {
        Event event = run("mark { add_field => { \"f\" => \"b\" } }", "{\"f\":\"a\"}");
        assertEquals("[\"a\",\"b\"]", event.get(FieldRef.parse("f")).toString());
    }

    @Test
    void aPluginThatThrowsTagsTheEventAndTheNextFiltersStillRun() {
        Event event = run("boom { id => exploder } mark { tag => after }", "{\"message\":\"m\"}");
        assertTrue(event.hasTag(FilterPipeline.TAG_FILTER_ERROR));
        assertTrue(event.hasTag("after"));
        assertTrue(event.root().get("_filter_errors").get(0).asText().startsWith("exploder: java.lang.IllegalStateException: kaput"));
        assertEquals("m", event.text(FieldRef.parse("message")));
    }

    @Test
    void aCancelledEventSkipsTheRestAndIsCountedOutOfNothing() {
        FilterPipeline pipeline = compile("mark { } cancel { } mark { tag => late }");
        Event event = FilterTesting.event("{}");
        pipeline.run(event);
        assertTrue(event.cancelled());
        assertFalse(event.hasTag("late"));
        assertEquals(1, pipeline.stats().get(1).in());
        assertEquals(0, pipeline.stats().get(1).out());
        assertEquals(0, pipeline.stats().get(2).in());
        assertEquals("mark_1", pipeline.stats().get(0).id());
        assertEquals("mark_2", pipeline.stats().get(2).id());
    }

    @Test
    void statsCountFailuresPerPlugin() {
        FilterPipeline pipeline = compile("mark { matched => false id => m }");
        pipeline.run(FilterTesting.event("{}"));
        pipeline.run(FilterTesting.event("{}"));
        assertEquals(2, pipeline.stats().get(0).failures());
        assertEquals(2, pipeline.stats().get(0).out());
    }

    @Test
    void refusesUnknownPluginsOptionsAndDuplicateIds() {
        ConfigException e = assertThrows(ConfigException.class, () -> compile("  geoip { source => ip }"));
        assertEquals(new Location("f.conf", 2, 3), e.location());
        assertTrue(e.getMessage().contains("no filter plugin geoip; supported: boom, cancel, mark"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> compile("mark {\n tag => x\n colour => red }"));
        assertEquals(new Location("f.conf", 4, 2), e.location());
        assertTrue(e.getMessage().contains("mark has no option colour"), e.getMessage());
        assertTrue(e.getMessage().contains("add_field"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> compile("mark { id => a } mark { id => a }"));
        assertTrue(e.getMessage().contains("the id a is used by another plugin"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> compile("mark { matched => maybe }"));
        assertTrue(e.getMessage().contains("matched must be true or false"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> compile("if [a] =~ /(/ { mark {} }"));
        assertTrue(e.getMessage().contains("invalid regex"), e.getMessage());
    }

    @Test
    void theFilterFileHoldsFilterBlocksOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.conf");
        Files.writeString(file, "filter { }\noutput { stdout { } }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> FilterPipeline.load(file));
        assertEquals(2, e.location().line());
        assertTrue(e.getMessage().startsWith(file + ":2:1: indexer.filter.path holds filter { } blocks only"),
                e.getMessage());
    }
}
