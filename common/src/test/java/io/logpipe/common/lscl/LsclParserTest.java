package io.logpipe.common.lscl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LsclParserTest {

    private static Ast.Pipeline parse(String text) {
        return LsclParser.parse(text, "t.conf");
    }

    private static ConfigException refused(String text) {
        return assertThrows(ConfigException.class, () -> parse(text));
    }

    private static Ast.Expr condition(String condition) {
        Ast.Pipeline p = parse("filter { if " + condition + " { drop {} } }");
        return ((Ast.If) p.sections().get(0).body().get(0)).branches().get(0).condition();
    }

    @Test
    void readsTheClassicShipperFileWithQuotedOptionNamesAndACodecPlugin() throws Exception {
        Path file = Path.of("../../shared/classic-setup/shipper.conf");
        String text = Files.exists(file) ? Files.readString(file) : """
                input {
                  stdin { }
                  file {
                    path => "/home/shiyanlou/Code/elk/access.log"
                    start_position => beginning
                    codec =>  multiline {
                      'negate' => true
                      'pattern' => '^\\d'
                      'what' => 'previous'
                    }
                  }
                }
                output { stdout { codec => rubydebug } redis { host => "localhost" data_type => "list" key => "logstash" } }
                """;
        Ast.Pipeline p = parse(text);
        Ast.Section input = p.sections("input").get(0);
        Ast.Plugin fileInput = (Ast.Plugin) input.body().get(1);
        assertEquals("file", fileInput.name());
        assertEquals(new Ast.Bareword("beginning", fileInput.attribute("start_position").get().value().location()),
                fileInput.attribute("start_position").get().value());
        Ast.Plugin codec = ((Ast.PluginValue) fileInput.attribute("codec").get().value()).plugin();
        assertEquals("multiline", codec.name());
        assertEquals("^\\d", ((Ast.Str) codec.attribute("pattern").get().value()).text(), "backslash kept");
        assertEquals(2, p.sections("output").get(0).body().size());
    }

    @Test
    void readsValuesOfEveryKindWithComments() {
        Ast.Pipeline p = parse("""
                # leading comment
                filter {
                  mutate { # after a brace
                    add_field => { "a" => "x" 'b' => 1 c => [1, -2.5, "s"] }
                    add_tag => [ "t1", 't2' ] # trailing
                    id => my_id
                    enable_metric => false
                    empty => []
                  }
                }
                """);
        Ast.Plugin m = (Ast.Plugin) p.sections().get(0).body().get(0);
        Ast.Hash hash = (Ast.Hash) m.attribute("add_field").get().value();
        assertEquals(List.of("a", "b", "c"), hash.entries().stream().map(Ast.Entry::key).toList());
        Ast.Array array = (Ast.Array) hash.entries().get(2).value();
        assertEquals("-2.5", ((Ast.Num) array.values().get(1)).text());
        assertEquals(new Location("t.conf", 4, 5), m.attribute("add_field").get().location());
        assertInstanceOf(Ast.Bareword.class, m.attribute("enable_metric").get().value());
        assertEquals(0, ((Ast.Array) m.attribute("empty").get().value()).values().size());
    }

    @Test
    void readsIfElseIfElseChains() {
        Ast.Pipeline p = parse("""
                filter {
                  if [type] == "apache" { grok {} } else if [type] in ["a", "b"] { json {} } else { drop {} }
                  if [x] { mutate {} }
                }
                """);
        Ast.If chain = (Ast.If) p.sections().get(0).body().get(0);
        assertEquals(2, chain.branches().size());
        assertEquals(1, chain.otherwise().size());
        Ast.In in = (Ast.In) chain.branches().get(1).condition();
        assertEquals(2, ((Ast.ListLit) in.haystack()).values().size());
        assertInstanceOf(Ast.Truthy.class, ((Ast.If) p.sections().get(0).body().get(1)).branches().get(0).condition());
    }

    @Test
    void andBindsTighterThanOrAndOperatorsAreLeftAssociative() {
        Ast.Or or = (Ast.Or) condition("[a] or [b] and [c]");
        assertInstanceOf(Ast.Truthy.class, or.left());
        assertInstanceOf(Ast.And.class, or.right());
        Ast.Or left = (Ast.Or) ((Ast.Or) condition("[a] or [b] or [c]")).left();
        assertInstanceOf(Ast.Truthy.class, left.right());
        assertInstanceOf(Ast.Xor.class, ((Ast.Or) condition("[a] xor [b] or [c]")).left());
        assertInstanceOf(Ast.And.class, condition("([a] or [b]) and [c]"));
    }

    @Test
    void readsEveryComparisonRegexAndNegation() {
        assertEquals("<=", ((Ast.Compare) condition("[status] <= 299")).operator());
        assertEquals("!=", ((Ast.Compare) condition("[a][b] != 'x'")).operator());
        Ast.Match match = (Ast.Match) condition("[message] =~ /^\\d+ \\/x/");
        assertEquals("^\\d+ \\/x", match.pattern());
        assertTrue(((Ast.Match) condition("[message] !~ \"err\"")).negated());
        assertTrue(((Ast.In) condition("\"x\" not in [tags]")).negated());
        Ast.Not not = (Ast.Not) condition("![a]");
        assertEquals(List.of("a"), ((Ast.FieldRef) ((Ast.Truthy) not.operand()).operand()).path());
        assertInstanceOf(Ast.Or.class, ((Ast.Not) condition("!([a] or [b])")).operand());
        assertEquals(List.of("@metadata", "x"), ((Ast.FieldRef) ((Ast.Truthy) condition("[@metadata][x]")).operand()).path());
    }

    @Test
    void refusesSyntaxErrorsWithLineAndColumn() {
        ConfigException e = refused("filter {\n  grok {\n    match => \n  }\n}\n");
        assertEquals(new Location("t.conf", 4, 3), e.location());
        assertTrue(e.getMessage().startsWith("t.conf:4:3: expected a value"), e.getMessage());

        e = refused("filter {\n  grok { match => { \"message\" => \"x\" }\n");
        assertTrue(e.getMessage().contains("unclosed"), e.getMessage());

        e = refused("filters { }");
        assertEquals(new Location("t.conf", 1, 1), e.location());
        assertTrue(e.getMessage().contains("expected input, filter or output"), e.getMessage());

        e = refused("filter {\n if type == \"a\" { drop {} } }");
        assertEquals(new Location("t.conf", 2, 5), e.location());
        assertTrue(e.getMessage().contains("a field is written [type]"), e.getMessage());

        e = refused("filter { mutate { a => 'unclosed } }");
        assertEquals(new Location("t.conf", 1, 24), e.location());

        e = refused("filter { else { } }");
        assertTrue(e.getMessage().contains("else without an if"), e.getMessage());

        e = refused("");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aBareWordThatStartsWithDigitsIsAWordNotANumber() {
        Ast.Pipeline p = parse("filter { mutate { a => 2xx b => 42 } }");
        Ast.Plugin m = (Ast.Plugin) p.sections().get(0).body().get(0);
        assertInstanceOf(Ast.Bareword.class, m.attribute("a").get().value());
        assertInstanceOf(Ast.Num.class, m.attribute("b").get().value());
    }
}
