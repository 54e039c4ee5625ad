package io.logpipe.indexer.filter.plugin;

import static io.logpipe.indexer.filter.FilterTesting.refused;
import static io.logpipe.indexer.filter.FilterTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.FilterPipeline;
import io.logpipe.indexer.filter.FilterTesting;

/** The dissect filter, on the examples of Logstash's dissect documentation. */
class DissectTest {
    private static final String SYSLOG = "Mar 16 00:01:25 evita skip-this postfix/smtpd[1713]: connect from"
            + " camomile.cloud9.net[168.100.1.3]";

    private static JsonNode get(Event event, String field) {
        return event.get(FieldRef.parse(field));
    }

    private static String text(Event event, String field) {
        return event.text(FieldRef.parse(field));
    }

    private static String message(String text) {
        return FilterTesting.JSON.createObjectNode().put("message", text).toString();
    }

    private static Event dissect(String mapping, String text) {
        return run("dissect { mapping => { \"message\" => \"" + mapping + "\" } }", message(text));
    }

    @Test
    void theDocumentedSampleDissectsASyslogLine() {
        Event event = run("dissect { mapping => { \"message\" => \"%{ts} %{+ts} %{+ts} %{src} %{} %{prog}[%{pid}]:"
                + " %{msg}\" } add_field => { \"favorite_filter\" => \"why, dissect of course\" } }", message(SYSLOG));
        assertEquals("Mar 16 00:01:25", text(event, "ts"), "appended with the delimiter before each part");
        assertEquals("evita", text(event, "src"));
        assertEquals("postfix/smtpd", text(event, "prog"));
        assertEquals("1713", text(event, "pid"));
        assertEquals("connect from camomile.cloud9.net[168.100.1.3]", text(event, "msg"),
                "the last field takes the rest");
        assertEquals("why, dissect of course", text(event, "favorite_filter"), "matched: common options applied");
        assertEquals(SYSLOG, text(event, "message"));
        assertNull(get(event, "tags"));
        assertEquals(7, event.root().size(), "the skipped %{} adds nothing: " + event.root());
    }

    @Test
    void appendOrderModifiersReorderTheParts() {
        assertEquals("2 1 go 3", text(dissect("%{+a/2} %{+a/1} %{+a/4} %{+a/3}", "1 2 3 go"), "a"));
    }

    @Test
    void appendsWithoutOrderFollowTheMapping() {
        Event event = dissect("%{a} %{b} %{+a}", "1 2 3 go");
        assertEquals("1 3 go", text(event, "a"));
        assertEquals("2", text(event, "b"));
        assertEquals("1-2-3", text(dissect("%{key}-%{+key}-%{+key}", "1-2-3"), "key"), "joined with its delimiter");
    }

    @Test
    void anAppendAddsToAFieldTheEventAlreadyHas() {
        Event event = run("dissect { mapping => { \"message\" => \"%{+greeting} %{who}\" } }",
                "{\"message\":\"hello world\",\"greeting\":\"well,\"}");
        assertEquals("well, hello", text(event, "greeting"));
    }

    @Test
    void anIndirectFieldIsNamedByASkippedField() {
        Event event = dissect("error: %{?err}, %{&err}", "error: some_error, some_description");
        assertEquals("some_description", text(event, "some_error"));
        assertNull(get(event, "err"), "the skip field is not stored");

        event = dissect("%{?a}: %{&a}", "google: 77.98");
        assertEquals("77.98", text(event, "google"));
    }

    @Test
    void anIndirectFieldIsNamedByAPlainFieldOrByAnExistingEventField() {
        Event event = dissect("%{key} %{&key}", "hello world");
        assertEquals("hello", text(event, "key"));
        assertEquals("world", text(event, "hello"));

        event = run("dissect { mapping => { \"message\" => \"%{&source}\" } }",
                "{\"message\":\"77.98\",\"source\":\"google\"}");
        assertEquals("77.98", text(event, "google"));
    }

    @Test
    void consecutiveDelimitersAreEmptyFields() {
        Event event = dissect("%{name},%{addr1},%{addr2},%{addr3},%{city},%{zip}",
                "Jane Doe,4321 Fifth Avenue,,,New York,87432");
        assertEquals("Jane Doe", text(event, "name"));
        assertEquals("4321 Fifth Avenue", text(event, "addr1"));
        assertEquals("", text(event, "addr2"));
        assertEquals("", text(event, "addr3"));
        assertEquals("New York", text(event, "city"));
        assertEquals("87432", text(event, "zip"));
    }

    @Test
    void theRightPaddingSuffixSkipsRepeatedDelimiters() {
        Event right = dissect("%{id} %{function->} %{server}", "00000043 ViewReceive     machine-321");
        assertEquals("00000043", text(right, "id"));
        assertEquals("ViewReceive", text(right, "function"));
        assertEquals("machine-321", text(right, "server"));

        Event left = dissect("%{id->} %{function} %{server}", "f3000a3b            Calc machine-123");
        assertEquals("f3000a3b", text(left, "id"));
        assertEquals("Calc", text(left, "function"));
        assertEquals("machine-123", text(left, "server"));

        Event without = dissect("%{id} %{function} %{server}", "00000043 ViewReceive     machine-321");
        assertEquals("    machine-321", text(without, "server"), "without ->, the padding is data");
    }

    @Test
    void skipFieldsAreMatchedButNotStored() {
        Event event = dissect("%{a} %{?skipme} %{} %{c}", "foo bar baz qux");
        assertEquals("foo", text(event, "a"));
        assertEquals("qux", text(event, "c"));
        assertFalse(event.includes(FieldRef.parse("skipme")));
        assertEquals(2 + 1, event.root().size(), event.root().toString());
    }

    @Test
    void leadingAndTrailingTextMustBeThere() {
        Event event = dissect("[%{occurred_at}] %{code} %{service->} %{ic} %{svc_message}",
                "[25/05/16 09:10:38:425 BST] 00000001 SystemOut     O java.lang:type=MemoryPool,name=class storage");
        assertEquals("25/05/16 09:10:38:425 BST", text(event, "occurred_at"));
        assertEquals("SystemOut", text(event, "service"));
        assertEquals("O", text(event, "ic"));

        assertEquals("foobar", text(dissect("/var/%{key}/log", "/var/foobar/log"), "key"));
        assertEquals("apache", text(dissect("/var/%{key}/log/%{key1}.log", "/var/foobar/log/apache.log"), "key1"));
        assertTrue(dissect("/var/%{key}", "/usr/foobar").hasTag("_dissectfailure"));
    }

    @Test
    void bracesAreDelimitersToo() {
        Event event = dissect("{%{a}}{%{b}}%{rest}", "{foo}{bar}");
        assertEquals("foo", text(event, "a"));
        assertEquals("bar", text(event, "b"));
        assertEquals("", text(event, "rest"));
        assertNull(get(event, "tags"));
    }

    @Test
    void aBracketedKeySetsANestedField() {
        Event event = dissect("%{[http][verb]} %{[http][path]}", "GET /index.html");
        assertEquals("{\"verb\":\"GET\",\"path\":\"/index.html\"}", get(event, "http").toString());
    }

    @Test
    void aTextThatDoesNotFitIsTaggedAndLeftAlone() {
        Event event = dissect("%{a} %{b},%{c}", "foo bar baz");
        assertEquals("[\"_dissectfailure\"]", get(event, "tags").toString());
        assertEquals(2, event.root().size(), "nothing dissected: " + event.root());

        Event custom = run("dissect { mapping => { \"message\" => \"%{a},%{b}\" } tag_on_failure => [\"x\", \"y\"]"
                + " add_tag => \"never\" }", message("no comma"));
        assertEquals("[\"x\",\"y\"]", get(custom, "tags").toString());
    }

    @Test
    void aMissingFieldIsSkippedButAnEmptyOneIsAFailure() {
        Event missing = run("dissect { mapping => { \"message\" => \"%{a} %{b}\" } add_tag => \"matched\" }", "{}");
        assertNull(get(missing, "tags"), "no tag, and not matched");

        Event empty = run("dissect { mapping => { \"message\" => \"%{a} %{b}\" } }", "{\"message\":\"\"}");
        assertEquals("[\"_dissectfailure\"]", get(empty, "tags").toString());
    }

    @Test
    void convertDatatypeMakesNumbers() {
        Event event = run("dissect { mapping => { \"message\" => \"[%{occurred_at}] %{code} %{service}"
                + " %{?ic}=%{&ic}% %{svc_message}\" }"
                + " convert_datatype => { \"cpu\" => \"float\" \"code\" => \"int\" } }",
                message("[25/05/16 09:10:38:425 BST] 00000001 SystemOut cpu=95.43% java.lang:type=MemoryPool,"
                        + "name=class storage"));
        assertTrue(get(event, "code").isIntegralNumber());
        assertEquals(1, get(event, "code").intValue());
        assertTrue(get(event, "cpu").isNumber());
        assertEquals(95.43, get(event, "cpu").doubleValue());
        assertTrue(event.root().toString().contains("\"code\":1,"), event.root().toString());
        assertTrue(event.root().toString().contains("\"cpu\":95.43"), event.root().toString());
        assertEquals("java.lang:type=MemoryPool,name=class storage", text(event, "svc_message"));
    }

    @Test
    void convertDatatypeWorksAloneAndKeepsLargeNumbersExact() {
        Event event = run("dissect { convert_datatype => { \"big\" => \"int\" \"bigf\" => \"float\""
                + " \"part\" => \"int\" } }",
                "{\"big\":\"43947404257507186289\",\"bigf\":\"43947404257507186289.345324\",\"part\":\"12.7\"}");
        assertEquals("{\"big\":43947404257507186289,\"bigf\":43947404257507186289.345324,\"part\":12}",
                event.root().toString());
    }

    @Test
    void aConversionThatFailsTagsTheEventWithTheFieldAndType() {
        Event event = run("dissect { mapping => { \"message\" => \"%{code} %{rest}\" }"
                + " convert_datatype => { \"ccu\" => \"float\" \"other\" => \"int\" } }",
                "{\"message\":\"00000001 SystemOut\",\"other\":{}}");
        assertEquals("00000001", text(event, "code"));
        assertEquals("[\"_dataconversionnullvalue_ccu_float\",\"_dataconversionuncoercible_other_int\"]",
                get(event, "tags").toString());
    }

    @Test
    void badMappingsAndTypesAreRefusedAtStartUp() {
        ConfigException both = refused("dissect {\n  mapping => { \"message\" => \"%{+&timestamp}\" }\n}");
        assertEquals(3, both.location().line());
        assertEquals(29, both.location().column());
        assertTrue(both.reason().contains("both an append (+) and an indirect (&) field"), both.reason());
        assertTrue(refused("dissect { mapping => { \"message\" => \"%{&+timestamp}\" } }").reason()
                .contains("both an append"));
        assertTrue(refused("dissect { mapping => { \"message\" => \"%{a}%{b}\" } }").reason()
                .contains("no delimiter between them"));
        assertTrue(refused("dissect { mapping => { \"message\" => \"no fields\" } }").reason()
                .contains("has no %{field}"));
        ConfigException type = refused("dissect { convert_datatype => { \"code\" => \"integer\" } }");
        assertTrue(type.reason().contains("the datatype must be int or float"), type.reason());
        assertTrue(refused("dissect { }").reason().contains("dissect needs mapping"));
    }

    @Test
    void theOrderedAppendAndIndirectOfTheDocsCompile() {
        Event event = dissect("%{+timestamp/2} %{+timestamp/1} %{?no_name} %{&no_name} %{} %{program}[%{pid}]:"
                + " %{msg}", "00:01:25 Mar16 source evita skip postfix/smtpd[1713]: hi");
        assertEquals("Mar16 00:01:25", text(event, "timestamp"));
        assertEquals("evita", text(event, "source"));
        assertEquals("postfix/smtpd", text(event, "program"));
        assertEquals("hi", text(event, "msg"));
    }

    @Test
    void oneInstanceServesFourWorkersAtOnce() throws Exception {
        FilterPipeline pipeline = FilterTesting.compile("dissect { mapping => { \"message\" =>"
                + " \"%{ts} %{+ts} %{+ts} %{src} %{} %{prog}[%{pid}]: %{msg}\" } convert_datatype => { pid => int } }");
        FilterTesting.onFourWorkers((worker, i) -> {
            Event event = FilterTesting.event(message("Mar 16 00:01:25 host" + worker + " x prog[" + i
                    + "]: line " + i));
            pipeline.run(event);
            boolean right = get(event, "pid").intValue() == i && text(event, "src").equals("host" + worker)
                    && text(event, "msg").equals("line " + i);
            return right ? null : event.root().toString();
        });
    }
}
