package io.logpipe.common.lscl;

import java.util.List;
import java.util.Optional;

/**
 * The syntax tree of a Logstash pipeline file, as its grammar defines it: sections of plugins and conditionals;
 * plugins with attributes; values that are strings, numbers, barewords, arrays, hashes or (for a codec) a plugin;
 * conditions over field references and literals. Immutable.
 */
public final class Ast {
    private Ast() {
    }

    /** A whole file: its sections in order ({@code input}, {@code filter}, {@code output}, each possibly repeated). */
    public record Pipeline(List<Section> sections) {
        /** The statements of every section of this kind, in file order. */
        public List<Section> sections(String kind) {
            return sections.stream().filter(s -> s.kind().equals(kind)).toList();
        }
    }

    /** {@code input { ... }}, {@code filter { ... }} or {@code output { ... }}. */
    public record Section(String kind, List<Statement> body, Location location) {
    }

    /** What a section or a branch holds. */
    public sealed interface Statement permits Plugin, If {
        Location location();
    }

    /** {@code name { attribute => value ... }}. */
    public record Plugin(String name, List<Attribute> attributes, Location location) implements Statement {
        /** The first attribute of that name (Logstash merges repeated hash attributes; readers may refuse them). */
        public Optional<Attribute> attribute(String attribute) {
            return attributes.stream().filter(a -> a.name().equals(attribute)).findFirst();
        }
    }

    /** {@code name => value}. */
    public record Attribute(String name, Value value, Location location) {
    }

    /** {@code if c { } else if c { } else { }}: the branches in order, then the else body (empty when none). */
    public record If(List<Branch> branches, List<Statement> otherwise, Location location) implements Statement {
    }

    public record Branch(Expr condition, List<Statement> body, Location location) {
    }

    // ---- attribute values

    public sealed interface Value permits Str, Num, Bareword, Array, Hash, PluginValue {
        Location location();

        /** How the value is named in messages ("a string", "a hash", ...). */
        String kind();
    }

    /** A quoted string, escapes already applied where Logstash applies them. */
    public record Str(String text, Location location) implements Value {
        public String kind() {
            return "a string";
        }
    }

    /** A number as written ({@code -1}, {@code 0.5}). */
    public record Num(String text, Location location) implements Value {
        public String kind() {
            return "a number";
        }
    }

    /** An unquoted word ({@code true}, {@code beginning}, {@code rubydebug}). */
    public record Bareword(String text, Location location) implements Value {
        public String kind() {
            return "a bare word";
        }
    }

    public record Array(List<Value> values, Location location) implements Value {
        public String kind() {
            return "an array";
        }
    }

    /** {@code { key => value ... }}; keys are strings, numbers or barewords, kept as written, in order. */
    public record Hash(List<Entry> entries, Location location) implements Value {
        public String kind() {
            return "a hash";
        }
    }

    public record Entry(String key, Value value, Location location) {
    }

    /** A plugin as a value: {@code codec => multiline { ... }}. */
    public record PluginValue(Plugin plugin, Location location) implements Value {
        public String kind() {
            return "a plugin (" + plugin.name() + ")";
        }
    }

    // ---- conditions

    public sealed interface Expr permits And, Or, Xor, Nand, Not, Compare, Match, In, Truthy {
        Location location();
    }

    public record And(Expr left, Expr right, Location location) implements Expr {
    }

    public record Or(Expr left, Expr right, Location location) implements Expr {
    }

    public record Xor(Expr left, Expr right, Location location) implements Expr {
    }

    public record Nand(Expr left, Expr right, Location location) implements Expr {
    }

    public record Not(Expr operand, Location location) implements Expr {
    }

    /** {@code ==, !=, <, >, <=, >=}. */
    public record Compare(String operator, Operand left, Operand right, Location location) implements Expr {
    }

    /** {@code =~} ({@code negated} false) or {@code !~}; the pattern is a regex literal or a string. */
    public record Match(Operand left, String pattern, boolean negated, Location location) implements Expr {
    }

    /** {@code in} / {@code not in}. */
    public record In(Operand needle, Operand haystack, boolean negated, Location location) implements Expr {
    }

    /** An operand alone: a field reference is true when present and not {@code false} or null. */
    public record Truthy(Operand operand, Location location) implements Expr {
    }

    /** What a comparison reads. */
    public sealed interface Operand permits FieldRef, StrLit, NumLit, RegexLit, ListLit {
        Location location();
    }

    /** {@code [a][b]}: the path's segments. */
    public record FieldRef(List<String> path, Location location) implements Operand {
    }

    public record StrLit(String text, Location location) implements Operand {
    }

    public record NumLit(String text, Location location) implements Operand {
    }

    public record RegexLit(String pattern, Location location) implements Operand {
    }

    public record ListLit(List<Operand> values, Location location) implements Operand {
    }
}
