package io.logpipe.indexer.filter.plugin;

import static io.logpipe.indexer.filter.FilterTesting.refused;
import static io.logpipe.indexer.filter.FilterTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.FilterPipeline;
import io.logpipe.indexer.filter.FilterTesting;

/**
 * The grok filter, on the examples of Logstash's grok documentation and its plugin's behaviour. Configuration
 * strings are read as Logstash reads them (no escapes), so {@code \\[} in Java is {@code \[} in the pattern.
 */
class GrokTest {
    private static final String ACCESS_LINE = "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET"
            + " /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023"
            + " \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh; Intel"
            + " Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36\"";

    private static JsonNode get(Event event, String field) {
        return event.get(FieldRef.parse(field));
    }

    private static String text(Event event, String field) {
        return event.text(FieldRef.parse(field));
    }

    private static String message(String text) {
        return FilterTesting.JSON.createObjectNode().put("message", text).toString();
    }

    @Test
    void theDocumentedHttpRequestExampleGivesItsFiveFields() {
        Event event = run("grok { match => { \"message\" => \"%{IP:client} %{WORD:method} %{URIPATHPARAM:request}"
                + " %{NUMBER:bytes} %{NUMBER:duration}\" } }", message("55.3.244.1 GET /index.html 15824 0.043"));
        assertEquals("55.3.244.1", text(event, "client"));
        assertEquals("GET", text(event, "method"));
        assertEquals("/index.html", text(event, "request"));
        assertTrue(get(event, "bytes").isTextual(), "without a conversion a capture is a string");
        assertEquals("15824", text(event, "bytes"));
        assertEquals("0.043", text(event, "duration"));
        assertNull(get(event, "tags"));
    }

    @Test
    void theBenchmarkFilterParsesACombinedAccessLineIntoTheLegacyFields() {
        Event event = run("grok { match => { \"message\" => \"%{COMBINEDAPACHELOG}\" } }", message(ACCESS_LINE));
        assertEquals("83.149.9.216", text(event, "clientip"));
        assertEquals("-", text(event, "ident"));
        assertEquals("-", text(event, "auth"));
        assertEquals("17/May/2015:10:05:03 +0000", text(event, "timestamp"));
        assertEquals("GET", text(event, "verb"));
        assertEquals("/presentations/logstash-monitorama-2013/images/kibana-search.png", text(event, "request"));
        assertEquals("1.1", text(event, "httpversion"));
        assertEquals("200", text(event, "response"));
        assertEquals("203023", text(event, "bytes"));
        assertEquals("\"http://semicomplete.com/presentations/logstash-monitorama-2013/\"", text(event, "referrer"));
        assertTrue(text(event, "agent").startsWith("\"Mozilla/5.0 (Macintosh;"));
        assertEquals(ACCESS_LINE, text(event, "message"), "the message is kept");
        assertNull(get(event, "tags"));
        assertNull(get(event, "rawrequest"), "an alternative that did not take part adds nothing");
    }

    @Test
    void anAccessLineWithoutBytesHasNoBytesField() {
        String line = "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 304 -"
                + " \"-\" \"curl/8.0\"";
        Event event = run("grok { match => { \"message\" => \"%{COMBINEDAPACHELOG}\" } }", message(line));
        assertEquals("frank", text(event, "auth"));
        assertEquals("304", text(event, "response"));
        assertFalse(event.includes(FieldRef.parse("bytes")));
        assertEquals("\"-\"", text(event, "referrer"));
        assertNull(get(event, "tags"));
    }

    @Test
    void intAndFloatConversionsGiveJsonNumbers() {
        Event event = run("grok { match => { \"message\" => \"%{IP:client} %{WORD:method} %{URIPATHPARAM:request}"
                + " %{NUMBER:bytes:int} %{NUMBER:duration:float}\" } }",
                message("55.3.244.1 GET /index.html 15824 0.043"));
        assertTrue(get(event, "bytes").isInt());
        assertEquals(15824, get(event, "bytes").intValue());
        assertTrue(get(event, "duration").isDouble());
        assertEquals(0.043, get(event, "duration").doubleValue());
        assertTrue(event.root().toString().contains("\"bytes\":15824,\"duration\":0.043"), event.root().toString());
    }

    @Test
    void anIntConversionTakesTheLeadingIntegerAsRubyDoes() {
        Event event = run("grok { match => { \"message\" => \"%{NUMBER:ms:int} %{NUMBER:big:int}\" } }",
                message("0.043 43947404257507186289"));
        assertEquals(0, get(event, "ms").intValue());
        assertEquals("43947404257507186289", get(event, "big").bigIntegerValue().toString());
    }

    @Test
    void overwriteReplacesTheMessageWithPartOfIt() {
        Event event = run("grok { match => { \"message\" => \"%{SYSLOGBASE} %{GREEDYDATA:message}\" }"
                + " overwrite => [ \"message\" ] }", message("May 29 16:37:11 sadness logger: hello world"));
        assertEquals("hello world", text(event, "message"));
        assertEquals("sadness", text(event, "logsource"));
        assertEquals("logger", text(event, "program"));
    }

    @Test
    void withoutOverwriteACaptureIntoAnExistingFieldMakesAnArray() {
        Event event = run("grok { match => { \"message\" => \"%{SYSLOGBASE} %{GREEDYDATA:message}\" } }",
                message("May 29 16:37:11 sadness logger: hello world"));
        assertEquals("[\"May 29 16:37:11 sadness logger: hello world\",\"hello world\"]",
                get(event, "message").toString());
    }

    @Test
    void patternDefinitionsAddPatternsAndReplaceBuiltInOnes() {
        Event event = run("grok { match => { \"message\" => \"%{APACHE_TIME:timestamp} %{LOGLEVEL:level}"
                + " %{MY_PATTERN:hindsight}\" } pattern_definitions => { \"APACHE_TIME\" => \"%{DAY} %{MONTH}"
                + " %{MONTHDAY} %{TIME} %{YEAR}\" \"MY_PATTERN\" => \"%{YEAR}\" } }",
                message("Mon Dec 26 16:22:08 2016 error 2020"));
        assertEquals("Mon Dec 26 16:22:08 2016", text(event, "timestamp"));
        assertEquals("error", text(event, "level"));
        assertEquals("2020", text(event, "hindsight"));

        event = run("grok { match => { \"message\" => \"%{LOGLEVEL:level}$\" }"
                + " pattern_definitions => { \"LOGLEVEL\" => \"%{NUMBER}\" } }", message("level 9999"));
        assertEquals("9999", text(event, "level"));
    }

    @Test
    void anInlineDefinitionDefinesItsPattern() {
        Event event = run("grok { match => { \"message\" => \"%{FIZZLE=\\d+}\" } named_captures_only => false }",
                message("hello 1234"));
        assertEquals("1234", text(event, "FIZZLE"));
    }

    @Test
    void patternsDirReadsPatternFilesRelativeToTheConfiguration(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("patterns"));
        Files.writeString(dir.resolve("patterns/postfix"), "# contents of ./patterns/postfix:\n"
                + "POSTFIX_QUEUEID [0-9A-F]{10,11}\n");
        String config = "filter { grok { patterns_dir => [\"./patterns\"] match => { \"message\" =>"
                + " \"%{SYSLOGBASE} %{POSTFIX_QUEUEID:queue_id}: %{GREEDYDATA:syslog_message}\" } } }";
        Event event = FilterTesting.event(message("Jan  1 06:25:43 mailserver14 postfix/cleanup[21403]:"
                + " BEF25A72965: message-id=<20130101142543.5828399CCAF@mailserver14.example.com>"));
        FilterPipeline.compile(LsclParser.parse(config, "grok.conf"), dir).run(event);
        assertEquals("Jan  1 06:25:43", text(event, "timestamp"));
        assertEquals("mailserver14", text(event, "logsource"));
        assertEquals("postfix/cleanup", text(event, "program"));
        assertEquals("21403", text(event, "pid"));
        assertEquals("BEF25A72965", text(event, "queue_id"));
        assertEquals("message-id=<20130101142543.5828399CCAF@mailserver14.example.com>",
                text(event, "syslog_message"));
    }

    @Test
    void patternsFilesGlobChoosesTheFilesReadAndTheyOverrideBuiltIns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("grok.pattern"), "WORD \\b[0-1]\\b\n");
        Files.writeString(dir.resolve("grok.pattern.old"), "WORD \\b[2-5]\\b\n");
        String body = "grok { patterns_dir => \"" + dir + "\" patterns_files_glob => \"*.pattern\""
                + " match => { \"message\" => \"%{WORD:word}\" } }";
        assertEquals("0", text(run(body, message("0")), "word"));
        assertTrue(run(body, message("hello")).hasTag("_grokparsefailure"), "WORD is redefined as [0-1]");
    }

    @Test
    void aPatternsDirThatDoesNotExistIsRefused() {
        ConfigException e = refused("grok { patterns_dir => \"/nonexistent/patterns\""
                + " match => { \"message\" => \"%{WORD:word}\" } }");
        assertTrue(e.getMessage().contains("/nonexistent/patterns is not a directory or a file"), e.getMessage());
    }

    @Test
    void breakOnMatchFalseTriesEveryPatternAndMatchesWhenOneDid() {
        String body = "grok { match => { \"message\" => [\"%{GREEDYDATA:name1}beard\", \"tree%{GREEDYDATA:name2}\"] }"
                + " break_on_match => false }";
        Event both = run(body, message("treebeard"));
        assertEquals("tree", text(both, "name1"));
        assertEquals("beard", text(both, "name2"));
        Event first = run(body, message("bushbeard"));
        assertEquals("bush", text(first, "name1"));
        assertNull(get(first, "tags"), "the first pattern matched: no failure (Logstash tags it, issue 49)");
        assertEquals("branch", text(run(body, message("treebranch")), "name2"));
    }

    @Test
    void breakOnMatchStopsAtTheFirstPatternAndTheFirstField() {
        Event event = run("grok { match => { \"message\" => [\"%{INT:foo}\", \"%{WORD:bar}\"] } }",
                message("hello world 123"));
        assertEquals("123", text(event, "foo"));
        assertNull(get(event, "bar"));

        event = run("grok { match => { \"message\" => \"%{INT:foo}\" \"somefield\" => \"%{INT:bar}\" } }",
                "{\"message\":\"hello world 123\",\"somefield\":\"testme abc 999\"}");
        assertEquals("123", text(event, "foo"));
        assertNull(get(event, "bar"));

        event = run("grok { match => { \"message\" => \"%{INT:foo}\" \"somefield\" => \"%{INT:bar}\" }"
                + " break_on_match => false }", "{\"message\":\"hello world 123\",\"somefield\":\"testme abc 999\"}");
        assertEquals("123", text(event, "foo"));
        assertEquals("999", text(event, "bar"));
    }

    @Test
    void theLegacyArrayFormOfMatchWorks() {
        Event event = run("grok { match => [ \"message\", \"Failed password for (invalid user |)%{USERNAME:username}"
                + " from %{IP:src_ip} port %{BASE10NUM:port}\" ] }",
                message("Failed password for testuser from 1.1.1.1 port 22"));
        assertEquals("testuser", text(event, "username"));
        assertEquals("1.1.1.1", text(event, "src_ip"));
        assertEquals("22", text(event, "port"));
    }

    @Test
    void anEventThatMatchesNothingIsTaggedAndGetsNoCommonOptions() {
        String body = "grok { match => { \"message\" => \"matchme %{NUMBER:fancy}\" } add_field => { \"new_field\""
                + " => \"%{fancy}\" } }";
        Event matched = run(body, message("matchme 1234"));
        assertEquals("1234", text(matched, "new_field"));
        assertNull(get(matched, "tags"));
        Event failed = run(body, message("this will not be matched"));
        assertEquals("[\"_grokparsefailure\"]", get(failed, "tags").toString());
        assertNull(get(failed, "new_field"));

        Event custom = run("grok { match => { \"message\" => \"matchme %{NUMBER:fancy}\" } tag_on_failure =>"
                + " \"not_a_match\" }", message("this will not be matched"));
        assertEquals("[\"not_a_match\"]", get(custom, "tags").toString());
    }

    @Test
    void aFieldTheEventDoesNotHaveIsAFailedMatch() {
        Event event = run("grok { match => { \"nothere\" => \"%{GREEDYDATA:all}\" } }", message("x"));
        assertTrue(event.hasTag("_grokparsefailure"));
        assertNull(get(event, "all"));
    }

    @Test
    void aNumberFieldIsMatchedAsItsText() {
        Event event = run("grok { match => { \"status\" => \"^403$\" } add_tag => \"four_oh_three\" }",
                "{\"status\":403}");
        assertEquals("[\"four_oh_three\"]", get(event, "tags").toString());
        event = run("grok { match => { \"version\" => \"^1.0$\" } add_tag => \"one_point_oh\" }",
                "{\"version\":1.0}");
        assertEquals("[\"one_point_oh\"]", get(event, "tags").toString());
    }

    @Test
    void eachElementOfAnArrayIsMatched() {
        Event event = run("grok { match => { \"message\" => \"(?:hello|world) %{NUMBER:num}\" } }",
                "{\"message\":[\"hello 12345\",\"world 23456\"]}");
        assertEquals("[\"12345\",\"23456\"]", get(event, "num").toString());
    }

    @Test
    void onigurumaNamedGroupsCapture() {
        Event event = run("grok { match => { \"message\" => \"(?<queue_id>[0-9A-F]{10,11})\" } }",
                message("postfix/cleanup[21403]: BEF25A72965: message-id"));
        assertEquals("BEF25A72965", text(event, "queue_id"));
        event = run("grok { match => { \"message\" => \"(?<timestamp>%{DATE_EU} %{TIME})\" } }",
                message("fancy 12-12-12 12:12:12"));
        assertEquals("12-12-12 12:12:12", text(event, "timestamp"));
    }

    @Test
    void aBracketedCaptureNameSetsANestedField() {
        Event event = run("grok { match => { \"message\" => \"%{WORD:[http][verb]} %{NUMBER:[http][bytes]:int}\" } }",
                message("GET 512"));
        assertEquals("{\"verb\":\"GET\",\"bytes\":512}", get(event, "http").toString());
    }

    @Test
    void targetPutsTheCapturesUnderOneField() {
        Event event = run("grok { match => { \"message\" => \"%{SYSLOGLINE}\" } target => \"grok\" }",
                message("Mar 16 00:01:25 evita postfix/smtpd[1713]: connect from camomile.cloud9.net[168.100.1.3]"));
        assertEquals("Mar 16 00:01:25", text(event, "[grok][timestamp]"));
        assertEquals("connect from camomile.cloud9.net[168.100.1.3]", text(event, "[grok][message]"));
        assertEquals("1713", text(event, "[grok][pid]"));
        assertTrue(get(event, "message").isTextual(), "the message is not touched");
        event = run("grok { match => { \"message\" => \"%{WORD:w}\" } target => \"[@metadata][grok]\" }",
                message("word"));
        assertEquals("word", text(event, "[@metadata][grok][w]"));
    }

    @Test
    void emptyCapturesAreDroppedUnlessKept() {
        String pattern = "match => { \"message\" => \"1=%{WORD:foo1} *(2=%{WORD:foo2})?\" }";
        Event dropped = run("grok { " + pattern + " }", message("1=test"));
        assertEquals("test", text(dropped, "foo1"));
        assertFalse(dropped.includes(FieldRef.parse("foo2")));
        Event kept = run("grok { " + pattern + " keep_empty_captures => true }", message("1=test"));
        assertTrue(get(kept, "foo2").isNull());
    }

    @Test
    void withNamedCapturesOnlyFalseAnUnnamedPatternIsCapturedUnderItsName() {
        Event event = run("grok { match => { \"message\" => \"Hello %{WORD}. %{WORD:foo}\" }"
                + " named_captures_only => false }", message("Hello World, yo!"));
        assertEquals("World", text(event, "WORD"));
        assertEquals("yo", text(event, "foo"));
        Event named = run("grok { match => { \"message\" => \"Hello %{WORD}. %{WORD:foo}\" } }",
                message("Hello World, yo!"));
        assertNull(get(named, "WORD"));
    }

    @Test
    void aFieldCapturedTwiceCollectsBothValues() {
        Event event = run("grok { match => { \"message\" => \"%{WORD:w} %{WORD:w}\" } }", message("a b"));
        assertEquals("[\"a\",\"b\"]", get(event, "w").toString());
        event = run("grok { match => { \"message\" => \"%{INT:foo}|%{WORD:foo}\" } }", message("hello world"));
        assertEquals("hello", text(event, "foo"), "only the alternative that matched gives a value");
    }

    @Test
    void aDotMatchesANewlineAsInLogstash() {
        Event event = run("grok { match => { \"message\" => \"%{WORD:level} %{GREEDYDATA:rest}\" } }",
                message("ERROR boom\n\tat a.b.C(C.java:1)"));
        assertEquals("boom\n\tat a.b.C(C.java:1)", text(event, "rest"));
    }

    @Test
    void theExampleApplicationFilterKeepsAJoinedStackTraceInItsText() {
        Event event = run("grok { match => { \"message\" => \"^%{TIMESTAMP_ISO8601:logtime} %{LOGLEVEL:level}\\s+"
                + "\\[%{DATA:thread}\\] %{JAVACLASS:logger} - %{GREEDYDATA:text}\" } }",
                message("2026-11-24 10:00:07.120 ERROR [http-nio-8080-exec-3] io.example.checkout.OrderService -"
                        + " payment failed\njava.lang.IllegalStateException: declined\n"
                        + "\tat io.example.Pay.run(Pay.java:9)"));
        assertEquals("2026-11-24 10:00:07.120", text(event, "logtime"));
        assertEquals("ERROR", text(event, "level"));
        assertEquals("http-nio-8080-exec-3", text(event, "thread"));
        assertEquals("io.example.checkout.OrderService", text(event, "logger"));
        assertEquals("payment failed\njava.lang.IllegalStateException: declined\n\tat io.example.Pay.run(Pay.java:9)",
                text(event, "text"));
    }

    @Test
    void aRunawayPatternIsStoppedAndTaggedWithTheTimeoutTag() {
        long start = System.nanoTime();
        Event event = run("grok { match => { \"message\" => \"(.*a){30}\" } timeout_millis => 100 }",
                message("a".repeat(68)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("[\"_groktimeout\"]", get(event, "tags").toString());
        assertTrue(millis < 5000, "stopped after " + millis + " ms");
        assertTrue(millis >= 100, "never early: " + millis + " ms");
    }

    /**
     * One search of {@code (.*a){6}x} over 30 a's backtracks for a while and fails. Its cost is measured here,
     * warm, and the test is sized from it: a timeout ten searches long, and enough copies of the pattern to run
     * four timeouts together. So neither scope's outcome hangs on this machine's speed (a CI run with fixed
     * figures saw ten warm searches finish inside a 300 ms event timeout).
     */
    @Test
    void withTheEventScopeTheTimeoutCoversAllPatternsTogether() {
        String pattern = "\"(.*a){6}x\"";
        String text = "a".repeat(30);
        FilterPipeline alone = FilterTesting.compile("grok { match => { \"message\" => " + pattern + " } timeout_millis => 0 }");
        long[] nanos = new long[7];
        for (int i = -3; i < nanos.length; i++) {
            long start = System.nanoTime();
            alone.run(FilterTesting.event(message(text)));
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        double searchMillis = Math.max(0.05, nanos[nanos.length / 2] / 1e6);
        long timeout = Math.max(200, Math.round(10 * searchMillis));
        int copies = (int) Math.max(40, Math.ceil(4 * timeout / searchMillis));
        String patterns = "[" + String.join(", ", java.util.Collections.nCopies(copies, pattern)) + "]";
        String sizes = copies + " searches of about " + searchMillis + " ms, timeout " + timeout + " ms";

        Event byPattern = run("grok { match => { \"message\" => " + patterns + " } timeout_millis => " + timeout + " }",
                message(text));
        assertEquals("[\"_grokparsefailure\"]", get(byPattern, "tags").toString(), "no single search ran out: " + sizes);
        Event byEvent = run("grok { match => { \"message\" => " + patterns + " } timeout_millis => " + timeout
                + " timeout_scope => event tag_on_timeout => slow }", message(text));
        assertEquals("[\"slow\"]", get(byEvent, "tags").toString(), "together they ran out: " + sizes);
    }

    @Test
    void timeoutsCanBeTurnedOff() {
        Event event = run("grok { match => { \"message\" => \"%{WORD:w}\" } timeout_millis => 0 }", message("hi"));
        assertEquals("hi", text(event, "w"));
    }

    @Test
    void anUnknownPatternIsRefusedAtItsLineNamingThePattern() {
        ConfigException e = refused("grok {\n  match => { \"message\" => \"%{IP:client} %{NOPE:x}\" }\n}");
        assertEquals(3, e.location().line());
        assertEquals(27, e.location().column());
        assertTrue(e.reason().contains("%{NOPE} is not defined"), e.reason());
        assertTrue(e.reason().contains("%{IP:client} %{NOPE:x}"), e.reason());
    }

    @Test
    void anUnknownPatternInsideADefinitionNamesThePatternsThatUseIt() {
        ConfigException e = refused("grok { match => { \"message\" => \"%{OUTER:x}\" }"
                + " pattern_definitions => { \"OUTER\" => \"%{INNER}\" \"INNER\" => \"%{MISSING}\" } }");
        assertTrue(e.reason().contains("%{MISSING} is not defined (used by %{OUTER} > %{INNER})"), e.reason());
    }

    @Test
    void aPatternThatIsNotARegularExpressionIsRefused() {
        ConfigException e = refused("grok { match => { \"message\" => [\"%{WORD:ok}\", \"(%{WORD:broken}\"] } }");
        assertEquals(2, e.location().line());
        assertEquals(47, e.location().column(), "the second pattern of the array");
        assertTrue(e.reason().contains("(%{WORD:broken}"), e.reason());
        assertTrue(e.reason().contains("not a valid regular expression"), e.reason());
    }

    @Test
    void aSelfReferencingDefinitionIsRefused() {
        ConfigException e = refused("grok { match => { \"message\" => \"%{LOOP:x}\" }"
                + " pattern_definitions => { \"LOOP\" => \"a%{LOOP}\" } }");
        assertTrue(e.reason().contains("%{LOOP} refers to itself"), e.reason());
    }

    @Test
    void aGrokWithoutMatchIsRefused() {
        assertTrue(refused("grok { }").reason().contains("grok needs match"));
    }

    @Test
    void onlyTheLegacyPatternsAreShipped() {
        ConfigException e = refused("grok { match => { \"message\" => \"%{COMBINEDAPACHELOG}\" }"
                + " ecs_compatibility => v1 }");
        assertTrue(e.reason().contains("ecs_compatibility => v1 is not supported"), e.reason());
        Event event = run("grok { match => { \"message\" => \"%{WORD:w}\" } ecs_compatibility => disabled }",
                message("ok"));
        assertEquals("ok", text(event, "w"));
    }

    @Test
    void oneInstanceServesFourWorkersAtOnce() throws Exception {
        FilterPipeline pipeline = FilterTesting.compile("grok { match => { \"message\" => [\"%{COMBINEDAPACHELOG}\","
                + " \"%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes:int}\"] } }");
        FilterTesting.onFourWorkers((worker, i) -> {
            boolean access = (i + worker) % 2 == 0;
            Event event = FilterTesting.event(message(access ? ACCESS_LINE.replace("203023", "" + i)
                    : "10.0.0." + worker + " GET /x/" + i + " " + i));
            pipeline.run(event);
            String got = access ? text(event, "bytes") + text(event, "clientip")
                    : get(event, "bytes").intValue() + text(event, "client");
            String want = access ? i + "83.149.9.216" : i + "10.0.0." + worker;
            return got.equals(want) && !event.includes(Event.TAGS) ? null : event.root().toString();
        });
    }
}
