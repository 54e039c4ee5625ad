package io.logpipe.indexer.filter.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.FilterTesting;

/** mutate, with the cases of the Logstash mutate documentation and the semantics of its source where they differ. */
class MutateTest {

    private static Event run(String body, String json) {
        return FilterTesting.run(body, json);
    }

    /** The event's fields as JSON, compared as values (1 and 1L alike, key order ignored). */
    private static void assertFields(String expected, Event event) {
        assertEquals(FilterTesting.event(expected).root(), FilterTesting.event(event.root().toString()).root(),
                event.root().toString());
    }

    private static JsonNode get(Event event, String field) {
        return event.get(FieldRef.parse(field));
    }

    // ---- convert

    @Test
    void convertIntegerRemovesCommaSeparatorsAndTruncatesDecimals() {
        Event e = run("mutate { convert => { \"a\" => \"integer\" \"b\" => \"integer\" \"c\" => \"integer\""
                        + " \"d\" => \"integer\" \"e\" => \"integer\" \"f\" => \"integer\" \"g\" => \"integer\" } }",
                "{\"a\":\"1,000\",\"b\":\"3.99\",\"c\":\"-2.7\",\"d\":true,\"e\":3.99,\"f\":false,\"g\":\" 42 \"}");
        assertFields("{\"a\":1000,\"b\":3,\"c\":-2,\"d\":1,\"e\":3,\"f\":0,\"g\":42}", e);
        assertTrue(get(e, "a").isIntegralNumber() && get(e, "e").isIntegralNumber());
        assertFalse(e.hasTag("_mutate_error"));
    }


    @Test
    void convertIntegerReadsPlainDigitsAsTheGeneralPathDoesOnBothSidesOfEighteenDigits() {
        Event e = run("mutate { convert => { \"a\" => \"integer\" \"b\" => \"integer\" \"c\" => \"integer\""
                        + " \"d\" => \"integer\" \"e\" => \"integer\" \"f\" => \"integer\" \"g\" => \"integer\" } }",
                "{\"a\":\"007\",\"b\":\"+42\",\"c\":\"-0\",\"d\":\"123456789012345678\","
                        + "\"e\":\"1234567890123456789\",\"f\":\"99999999999999999999\",\"g\":\"-\"}");
        assertFields("{\"a\":7,\"b\":42,\"c\":0,\"d\":123456789012345678,\"e\":1234567890123456789,"
                + "\"f\":99999999999999999999,\"g\":\"-\",\"tags\":[\"_mutate_error\"]}", e);
        assertTrue(get(e, "f").isBigInteger());
    }
    @Test
    void convertEuropeanVariantsReadDotsAsSeparatorsAndCommaAsDecimalPoint() {
        Event e = run("mutate { convert => { \"i\" => \"integer_eu\" \"f\" => \"float_eu\" \"us\" => \"float\" } }",
                "{\"i\":\"1.000\",\"f\":\"1.000,5\",\"us\":\"1,000.5\"}");
        assertFields("{\"i\":1000,\"f\":1000.5,\"us\":1000.5}", e);
        assertTrue(get(e, "f").isFloatingPointNumber());
    }

    @Test
    void convertFloatTurnsIntegersAndBooleansIntoFloats() {
        Event e = run("mutate { convert => { \"n\" => \"float\" \"t\" => \"float\" \"x\" => \"float\" } }",
                "{\"n\":3,\"t\":true,\"x\":\"1e3\"}");
        assertEquals(3.0, get(e, "n").doubleValue());
        assertTrue(get(e, "n").isDouble());
        assertEquals(1.0, get(e, "t").doubleValue());
        assertEquals(1000.0, get(e, "x").doubleValue());
    }

    @Test
    void convertBooleanAcceptsTheDocumentedWordsAndLeavesOtherValuesAlone() {
        Event e = run("mutate { convert => { \"a\" => \"boolean\" \"b\" => \"boolean\" \"c\" => \"boolean\""
                        + " \"d\" => \"boolean\" \"e\" => \"boolean\" \"f\" => \"boolean\" \"g\" => \"boolean\""
                        + " \"h\" => \"boolean\" \"list\" => \"boolean\" } }",
                "{\"a\":\"yes\",\"b\":\"Y\",\"c\":\"1.0\",\"d\":\"f\",\"e\":\"\",\"f\":0,\"g\":1.0,\"h\":\"maybe\","
                        + "\"list\":[\"t\",\"NO\",\"x\",null]}");
        assertFields("{\"a\":true,\"b\":true,\"c\":true,\"d\":false,\"e\":false,\"f\":false,\"g\":true,"
                + "\"h\":\"maybe\",\"list\":[true,false,\"x\",null]}", e);
        assertFalse(e.hasTag("_mutate_error"), "an unconvertible boolean is not a failure in Logstash");
    }

    @Test
    void convertStringPrintsValuesAsRubyDoes() {
        Event e = run("mutate { convert => { \"i\" => \"string\" \"f\" => \"string\" \"b\" => \"string\""
                + " \"big\" => \"string\" \"list\" => \"string\" } }",
                "{\"i\":3,\"f\":3.0,\"b\":true,\"big\":1e20,\"list\":[1,2.5]}");
        assertFields("{\"i\":\"3\",\"f\":\"3.0\",\"b\":\"true\",\"big\":\"1.0e+20\",\"list\":[\"1\",\"2.5\"]}", e);
    }

    @Test
    void convertArraysElementWiseAndSkipsMissingNullAndHashes() {
        Event e = run("mutate { convert => { \"list\" => \"integer\" \"none\" => \"integer\" \"nil\" => \"integer\""
                        + " \"h\" => \"integer\" } }",
                "{\"list\":[\"1\",\"2,000\",null],\"nil\":null,\"h\":{\"x\":\"1\"}}");
        assertFields("{\"list\":[1,2000,null],\"nil\":null,\"h\":{\"x\":\"1\"}}", e);
        assertFalse(e.hasTag("_mutate_error"));
    }

    /** The benchmark's pipeline: an access log's bytes are "-" when nothing was sent. */
    @Test
    void convertOfANonNumberTagsTheEventLikeLogstash814AndStopsTheBlock() {
        String body = "mutate { convert => { \"bytes\" => \"integer\" } uppercase => [\"verb\"] add_tag => [\"ok\"] }";
        Event good = run(body, "{\"bytes\":\"2326\",\"verb\":\"get\"}");
        assertFields("{\"bytes\":2326,\"verb\":\"GET\",\"tags\":[\"ok\"]}", good);

        Event dash = run(body, "{\"bytes\":\"-\",\"verb\":\"get\"}");
        assertEquals("-", get(dash, "bytes").textValue(), "the value is left as it was");
        assertEquals("get", get(dash, "verb").textValue(), "the operations after the failure do not run");
        assertTrue(dash.hasTag("_mutate_error"));
        assertFalse(dash.hasTag("ok"), "a failed mutate does not apply add_tag");
    }

    @Test
    void aFailureKeepsTheEarlierOperationsAndUsesTagOnFailure() {
        Event e = run("mutate { rename => { \"n\" => \"count\" } convert => { \"count\" => \"float\" }"
                + " tag_on_failure => \"bad_number\" }", "{\"n\":\"12abc\"}");
        assertFields("{\"count\":\"12abc\",\"tags\":[\"bad_number\"]}", e);
    }

    // ---- order

    @Test
    void operationsRunInLogstashOrderNotInTheOrderWritten() {
        // replace is written first, but rename runs before it, so the template sees the renamed field.
        Event e = run("mutate { replace => { \"client\" => \"%{host}: seen\" }"
                + " rename => { \"HOSTORIP\" => \"host\" } }",
                "{\"HOSTORIP\":\"10.0.0.1\"}");
        assertFields("{\"host\":\"10.0.0.1\",\"client\":\"10.0.0.1: seen\"}", e);

        // uppercase comes before lowercase, split before join.
        Event f = run("mutate { lowercase => [\"w\"] uppercase => [\"w\"] join => { \"s\" => \"-\" }"
                + " split => { \"s\" => \",\" } }", "{\"w\":\"MiXeD\",\"s\":\"a,b\"}");
        assertFields("{\"w\":\"mixed\",\"s\":\"a-b\"}", f);
    }

    @Test
    void separateBlocksRunInTheirOwnOrder() {
        Event e = run("mutate { split => { \"hostname\" => \".\" }"
                + " add_field => { \"shortHostname\" => \"%{[hostname][0]}\" } }\n"
                + "mutate { rename => { \"shortHostname\" => \"hostname\" } }", "{\"hostname\":\"web1.example.com\"}");
        assertFields("{\"hostname\":\"web1\"}", e);
    }

    // ---- rename, update, replace, coerce, copy

    @Test
    void renameMovesTheValueAndIgnoresMissingSources() {
        Event e = run("mutate { rename => { \"HOSTORIP\" => \"client_ip\" \"absent\" => \"x\" \"[a][b]\" => \"c\" } }",
                "{\"HOSTORIP\":\"1.2.3.4\",\"client_ip\":\"old\",\"a\":{\"b\":1}}");
        assertFields("{\"client_ip\":\"1.2.3.4\",\"a\":{},\"c\":1}", e);
        assertFalse(e.hasTag("_mutate_error"));
    }

    @Test
    void renameNamesAreSprintfTemplates() {
        Event e = run("mutate { rename => { \"%{src}\" => \"[moved][%{src}]\" } }", "{\"src\":\"a\",\"a\":1}");
        assertFields("{\"src\":\"a\",\"moved\":{\"a\":1}}", e);
    }

    @Test
    void replaceSetsAlwaysAndUpdateOnlyExistingFields() {
        Event e = run("mutate { replace => { \"message\" => \"%{source_host}: My new message\" }"
                        + " update => { \"sample\" => \"My new message\" \"absent\" => \"x\" } }",
                "{\"source_host\":\"web1\",\"sample\":\"old\"}");
        assertFields("{\"source_host\":\"web1\",\"message\":\"web1: My new message\","
                + "\"sample\":\"My new message\"}", e);
    }

    @Test
    void coerceSetsTheDefaultOnlyWhereTheFieldExistsButIsNull() {
        Event e = run("mutate { coerce => { \"field1\" => \"default_value\" \"field2\" => \"d\""
                + " \"field3\" => \"d\" } }",
                "{\"field1\":null,\"field3\":\"kept\"}");
        assertFields("{\"field1\":\"default_value\",\"field3\":\"kept\"}", e);
    }

    @Test
    void copyIsDeepAndOverwritesTheTarget() {
        Event e = run("mutate { copy => { \"source_field\" => \"dest_field\" } }\n"
                        + "mutate { replace => { \"[dest_field][a]\" => \"changed\" } }",
                "{\"source_field\":{\"a\":\"1\"},\"dest_field\":\"old\"}");
        assertFields("{\"source_field\":{\"a\":\"1\"},\"dest_field\":{\"a\":\"changed\"}}", e);
    }

    // ---- gsub

    @Test
    void gsubDocumentationExample() {
        Event e = run("""
                mutate {
                  gsub => [
                    # replace all forward slashes with underscore
                    "fieldname", "/", "_",
                    # replace backslashes, question marks, hashes, and minuses with a dot "."
                    "fieldname2", "[\\\\?#-]", "."
                  ]
                }""", "{\"fieldname\":\"a/b/c\",\"fieldname2\":\"a\\\\b?c#d-e\"}");
        assertFields("{\"fieldname\":\"a_b_c\",\"fieldname2\":\"a.b.c.d.e\"}", e);
    }

    @Test
    void gsubReplacementTakesRubyBackreferencesAndDollarIsLiteral() {
        Event e = run("mutate { gsub => [ \"date\", \"(\\d+)/(\\d+)/(\\d+)\", \"\\3-\\1-\\2\","
                        + " \"price\", \"(\\d+)\", \"$\\1\", \"path\", \"/\", \"<\\\\>\" ] }",
                "{\"date\":\"12/31/2026\",\"price\":\"costs 5\",\"path\":\"a/b\"}");
        // In the file, "<\\>" gives "<\>": \\ is one backslash (so "\\1" would be a backslash and a 1).
        assertFields("{\"date\":\"2026-12-31\",\"price\":\"costs $5\",\"path\":\"a<\\\\>b\"}", e);
    }

    @Test
    void gsubChangesStringsAndTheStringsOfArraysOnly() {
        Event e = run("mutate { gsub => [ \"list\", \"-\", \"_\", \"n\", \"1\", \"2\" ] }",
                "{\"list\":[\"a-b\",5],\"n\":1}");
        assertFields("{\"list\":[\"a_b\",5],\"n\":1}", e);
    }

    @Test
    void gsubPatternAndReplacementMayReferToFields() {
        Event e = run("mutate { gsub => [ \"line\", \"%{sep}\", \"<%{sep}>\" ] }",
                "{\"line\":\"a;b;c\",\"sep\":\";\"}");
        assertEquals("a<;>b<;>c", get(e, "line").textValue());
    }

    @Test
    void gsubAnchorsMatchAtEveryLineAsInRuby() {
        Event e = run("mutate { gsub => [ \"m\", \"^\", \"> \" ] }", "{\"m\":\"one\\ntwo\"}");
        assertEquals("> one\n> two", get(e, "m").textValue());
    }

    // ---- case, strip, split, join, merge

    @Test
    void caseChangesApplyToStringsAndStringsInArrays() {
        Event e = run("mutate { uppercase => [\"u\"] lowercase => [\"l\"] capitalize => [\"c\", \"list\"] }",
                "{\"u\":\"fieldname\",\"l\":\"FieldName\",\"c\":\"hELLO wORLD\",\"list\":[\"abc\",7]}");
        assertFields("{\"u\":\"FIELDNAME\",\"l\":\"fieldname\",\"c\":\"Hello world\",\"list\":[\"Abc\",7]}", e);
    }

    @Test
    void stripRemovesLeadingAndTrailingWhitespaceOnly() {
        Event e = run("mutate { strip => [\"field1\", \"field2\"] }",
                "{\"field1\":\"  a b \\t\\n\",\"field2\":[\" x \",\"y \"]}");
        assertFields("{\"field1\":\"a b\",\"field2\":[\"x\",\"y\"]}", e);
    }

    @Test
    void splitFollowsRubySplitAndJoinFlattens() {
        Event e = run("mutate { split => { \"csv\" => \",\" \"words\" => \" \" \"n\" => \",\" }"
                + " join => { \"list\" => \", \" } }",
                "{\"csv\":\"a,b,,c,,\",\"words\":\"  one  two \",\"n\":5,\"list\":[1,\"b\",[2.5,null]]}");
        assertFields("{\"csv\":[\"a\",\"b\",\"\",\"c\"],\"words\":[\"one\",\"two\"],\"n\":5,"
                + "\"list\":\"1, b, 2.5, \"}", e);
    }

    @Test
    void mergeFollowsTheDocumentedCombinations() {
        Event e = run("mutate { merge => { \"arr\" => \"str\" \"s1\" => \"s2\" \"h1\" => \"h2\" \"arr2\" => \"h3\" } }",
                "{\"arr\":[\"a\"],\"str\":\"b\",\"s1\":\"x\",\"s2\":\"y\",\"h1\":{\"k\":1,\"j\":1},\"h2\":{\"k\":2},"
                        + "\"arr2\":[1],\"h3\":{\"z\":1}}");
        assertFields("{\"arr\":[\"a\",\"b\"],\"str\":\"b\",\"s1\":[\"x\",\"y\"],\"s2\":\"y\",\"h1\":{\"k\":2,\"j\":1},"
                + "\"h2\":{\"k\":2},\"arr2\":[1],\"h3\":{\"z\":1}}", e);
        assertFalse(e.hasTag("_mutate_error"), "array and hash do not merge, which is not a failure");
    }

    @Test
    void aBlockWithoutFailureMatches() {
        Event e = run("mutate { lowercase => [\"absent\"] add_tag => [\"mutated\"] }", "{}");
        assertTrue(e.hasTag("mutated"));
    }

    // ---- refusals

    @Test
    void refusesAnUnknownConversionTypeAtItsValue() {
        String body = "mutate { convert => { \"bytes\" => \"long\" } }";
        ConfigException e = FilterTesting.refused(body);
        assertEquals(2, e.location().line());
        assertEquals(body.indexOf("\"long\"") + 1, e.location().column());
        assertTrue(e.reason().contains("unknown conversion type 'long'"), e.reason());
        assertTrue(e.reason().contains("integer_eu"), e.reason());
    }

    @Test
    void refusesAGsubThatIsNotTriples() {
        String body = "mutate { gsub => [ \"a\", \"b\", \"c\", \"d\" ] }";
        ConfigException e = FilterTesting.refused(body);
        assertEquals(2, e.location().line());
        assertEquals(body.indexOf('[') + 1, e.location().column());
        assertTrue(e.reason().contains("triples") && e.reason().contains("4 elements"), e.reason());
    }

    @Test
    void refusesAGsubPatternThatDoesNotCompileAtThePattern() {
        String body = "mutate { gsub => [ \"a\", \"(unclosed\", \"c\" ] }";
        ConfigException e = FilterTesting.refused(body);
        assertEquals(body.indexOf("\"(unclosed") + 1, e.location().column());
    }

    @Test
    void refusesABadFieldReference() {
        ConfigException e = FilterTesting.refused("mutate { uppercase => [ \"a[b\" ] }");
        assertEquals(2, e.location().line());
    }

    @Test
    void refusesAnUnknownOption() {
        ConfigException e = FilterTesting.refused("mutate { remove => [ \"a\" ] }");
        assertTrue(e.reason().contains("remove"), e.reason());
    }
}
