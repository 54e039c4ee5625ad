package io.logpipe.indexer.filter.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FilterTesting;

/** kv, with the cases of the Logstash kv documentation. */
class KvTest {

    private static Event run(String body, String json) {
        return FilterTesting.run(body, json);
    }

    private static String message(String text) {
        return "{\"message\":" + FilterTesting.JSON.valueToTree(text) + "}";
    }

    /** The event's fields as JSON, compared as values (key order ignored). */
    private static void assertFields(String expected, Event event) {
        assertEquals(FilterTesting.event(expected).root(), FilterTesting.event(event.root().toString()).root(),
                event.root().toString());
    }

    @Test
    void parsesTheDescriptionsExample() {
        Event e = run("kv { }", message("ip=1.2.3.4 error=REFUSED"));
        assertFields("{\"message\":\"ip=1.2.3.4 error=REFUSED\",\"ip\":\"1.2.3.4\",\"error\":\"REFUSED\"}", e);
    }

    @Test
    void fieldSplitCharactersSplitAUrlQuery() {
        Event e = run("kv { field_split => \"&?\" source => \"q\" }",
                "{\"q\":\"?pin=12345~0&d=123&e=foo@bar.com&oq=bobo&ss=12345\"}");
        assertFields("{\"q\":\"?pin=12345~0&d=123&e=foo@bar.com&oq=bobo&ss=12345\",\"pin\":\"12345~0\",\"d\":\"123\","
                + "\"e\":\"foo@bar.com\",\"oq\":\"bobo\",\"ss\":\"12345\"}", e);
    }

    @Test
    void includeKeysKeepsOnlyThoseAndExcludeKeysDropsThose() {
        String text = message("Hey, from=<abc>, to=def foo=bar");
        // "<abc>," is not a bracketed value (a comma follows the bracket), so the value keeps them.
        assertFields("{\"from\":\"<abc>,\",\"to\":\"def\"}",
                withoutMessage(run("kv { include_keys => [ \"from\", \"to\" ] }", text)));
        assertFields("{\"foo\":\"bar\"}", withoutMessage(run("kv { exclude_keys => [ \"from\", \"to\" ] }", text)));
    }

    @Test
    void trimValueRemovesTheDocumentedCharactersAtBothEnds() {
        Event e = run("kv { trim_value => \"<>\\[\\],\" }", message("Hey, from=<abc>, to=[d<e>f], x=,,y"));
        assertFields("{\"from\":\"abc\",\"to\":\"d<e>f\",\"x\":\"y\"}", withoutMessage(e));
    }

    @Test
    void trimKeyAndRemoveCharactersWorkOnKeysAndValues() {
        Event e = run("kv { trim_key => \"<>\\[\\],\" remove_char_value => \"<>\\[\\],\" }",
                message("[from]=<a,b> <to>=c"));
        assertFields("{\"from\":\"ab\",\"to\":\"c\"}", withoutMessage(e));
        Event f = run("kv { remove_char_key => \"<>\\[\\],\" }", message("f<r>om=x"));
        assertFields("{\"from\":\"x\"}", withoutMessage(f));
    }

    @Test
    void prefixIsPrependedToEveryKey() {
        Event e = run("kv { prefix => \"arg_\" }", message("a=1 b=2"));
        assertFields("{\"arg_a\":\"1\",\"arg_b\":\"2\"}", withoutMessage(e));
    }

    @Test
    void defaultKeysFillMissingKeysAndMatchEvenWithoutPairs() {
        String body = "kv { default_keys => [ \"from\", \"logstash@example.com\", \"to\", \"default@dev.null\" ]"
                + " add_tag => [\"kv\"] }";
        Event e = run(body, message("to=me@example.com"));
        assertFields("{\"from\":\"logstash@example.com\",\"to\":\"me@example.com\",\"tags\":[\"kv\"]}",
                withoutMessage(e));
        Event none = run(body, "{}");
        assertFields("{\"from\":\"logstash@example.com\",\"to\":\"default@dev.null\",\"tags\":[\"kv\"]}", none);
    }

    @Test
    void repeatedKeysBecomeArraysAndDuplicatesGoWhenNotAllowed() {
        assertFields("{\"from\":[\"me\",\"me\"]}", withoutMessage(run("kv { }", message("from=me from=me"))));
        assertFields("{\"from\":\"me\"}",
                withoutMessage(run("kv { allow_duplicate_values => false }", message("from=me from=me"))));
        assertFields("{\"a\":[\"1\",\"2\"]}",
                withoutMessage(run("kv { allow_duplicate_values => false }", message("a=1 a=2 a=1"))));
    }

    @Test
    void bracketsAndQuotesWrapValuesWithSpaces() {
        String text = message("bracketsone=(hello world) bracketstwo=[hello world] bracketsthree=<hello world>"
                + " q=\"a b\" s='c d' e=\"\"");
        assertFields("{\"bracketsone\":\"hello world\",\"bracketstwo\":\"hello world\",\"bracketsthree\":"
                + "\"hello world\","
                + "\"q\":\"a b\",\"s\":\"c d\"}", withoutMessage(run("kv { }", text)));
        assertFields("{\"bracketsone\":\"(hello\",\"bracketstwo\":\"[hello\",\"bracketsthree\":\"<hello\","
                + "\"q\":\"a b\",\"s\":\"c d\"}", withoutMessage(run("kv { include_brackets => false }", text)));
    }

    @Test
    void recursiveParsesValuesIntoObjects() {
        String text = message("a=(b=1 c=2) d=3");
        assertFields("{\"a\":{\"b\":\"1\",\"c\":\"2\"},\"d\":\"3\"}",
                withoutMessage(run("kv { recursive => \"true\" }", text)));
        assertFields("{\"a\":\"b=1 c=2\",\"d\":\"3\"}", withoutMessage(run("kv { }", text)));
    }

    @Test
    void transformsChangeTheCaseOfKeysAndValues() {
        Event e = run("kv { transform_key => \"lowercase\" transform_value => \"capitalize\" }",
                message("IP=lOCALhost User=BOB"));
        assertFields("{\"ip\":\"Localhost\",\"user\":\"Bob\"}", withoutMessage(e));
    }

    @Test
    void includeKeysComparesTransformedKeysAndPrefixComesAfter() {
        Event e = run("kv { transform_key => \"lowercase\" include_keys => [\"ip\"] prefix => \"kv_\" }",
                message("IP=1 Port=2"));
        assertFields("{\"kv_ip\":\"1\"}", withoutMessage(e));
    }

    @Test
    void lenientWhitespaceReadsPastSpacesAroundTheSplitterAndStrictDoesNot() {
        String text = message("a= b=2 c = 3");
        assertFields("{\"a\":\"b=2\",\"c\":\"3\"}", withoutMessage(run("kv { }", text)));
        assertFields("{\"b\":\"2\"}", withoutMessage(run("kv { whitespace => \"strict\" }", text)));
        assertFields("{\"a\":\"\",\"b\":\"2\"}",
                withoutMessage(run("kv { whitespace => \"strict\" allow_empty_values => true }", text)));
    }

    @Test
    void valueSplitAndFieldSplitPatterns() {
        assertFields("{\"key1\":\"value1\",\"key2\":\"value2\"}",
                withoutMessage(run("kv { value_split => \":\" }", message("key1:value1 key2:value2"))));
        assertFields("{\"k1\":\"v1\",\"k2\":\"v2\",\"k3\":\"v3\",\"k4\":\"v4\"}",
                withoutMessage(run("kv { field_split_pattern => \":+\" }", message("k1=v1:k2=v2::k3=v3:::k4=v4"))));
        // Logstash reads strings without escape processing: one backslash escapes the regex's plus.
        assertFields("{\"k1\":\"v1\",\"k2\":\"v2\",\"k3\":\"v3\",\"k4\":\"v4\"}",
                withoutMessage(run("kv { field_split_pattern => \"\\+\\+\" }", message("k1=v1++k2=v2++k3=v3++k4=v4"))));
        assertFields("{\"a\":\"1\",\"b\":\"2\"}",
                withoutMessage(run("kv { value_split_pattern => \"=>\" }", message("a=>1 b=>2"))));
    }

    @Test
    void targetHoldsThePairsAndSourceMayBeAnArray() {
        Event e = run("kv { source => \"lines\" target => \"kv\" }", "{\"lines\":[\"a=1\",\"b=2 a=3\",5]}");
        assertFields("{\"lines\":[\"a=1\",\"b=2 a=3\",5],\"kv\":{\"a\":[\"1\",\"3\"],\"b\":\"2\"}}", e);
    }

    @Test
    void aKeyIsAFieldReferenceWithoutTargetAsInLogstash() {
        Event e = run("kv { }", message("[client][ip]=1.2.3.4"));
        assertFields("{\"client\":{\"ip\":\"1.2.3.4\"}}", withoutMessage(e));
    }

    @Test
    void longValuesDoNotOverflowTheStack() {
        String big = "x".repeat(200_000);
        Event e = run("kv { }", message("a=" + big + " b=\"" + big + "\" c=" + "y\\\\z".repeat(200)));
        assertEquals(big, e.root().get("a").textValue());
        assertEquals(big, e.root().get("b").textValue());
        assertEquals("y\\\\z".repeat(200).length(), e.root().get("c").textValue().length());
    }

    @Test
    void noPairIsNoMatchAndNoFailure() {
        Event e = run("kv { add_tag => [\"kv\"] }", message("hello world"));
        assertFalse(e.hasTag("kv"));
        assertFalse(e.hasTag("_kv_filter_error"));
    }

    @Test
    void aPathologicalPatternIsAbandonedAtTheTimeout() {
        // (x+)+y backtracks exponentially on a run of x without a y; the scan tries it at every character.
        String body = "kv { field_split_pattern => \"(x+)+y\" timeout_millis => 200 add_tag => [\"kv\"] }";
        Event e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> run(body, message("a=" + "x".repeat(60))));
        assertTrue(e.hasTag("_kv_filter_timeout"), e.root().toString());
        assertFalse(e.hasTag("kv"));
    }

    @Test
    void aKeyThatIsNotAFieldReferenceTagsTheFailure() {
        Event e = run("kv { tag_on_failure => [\"kv_bad\"] }", message("a[b=1"));
        assertTrue(e.hasTag("kv_bad"), e.root().toString());
    }

    @Test
    void refusesAnEmptyValueSplitAndBadPatternsWithTheirPlace() {
        String body = "kv { value_split => \"\" }";
        ConfigException e = FilterTesting.refused(body);
        assertEquals(2, e.location().line());
        assertEquals(body.indexOf("\"\"") + 1, e.location().column());
        ConfigException p = FilterTesting.refused("kv {\n  field_split_pattern => \"(\"\n}");
        assertEquals(3, p.location().line());
        assertTrue(p.reason().contains("field_split_pattern"), p.reason());
        ConfigException w = FilterTesting.refused("kv { whitespace => \"loose\" }");
        assertTrue(w.reason().contains("strict"), w.reason());
    }

    private static Event withoutMessage(Event e) {
        e.root().remove("message");
        return e;
    }
}
