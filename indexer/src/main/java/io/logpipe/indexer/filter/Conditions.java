package io.logpipe.indexer.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;

/**
 * Compiles the conditions of {@code if} / {@code else if} into predicates, with the semantics of Logstash's Java
 * pipeline: {@code ==} and {@code !=} compare numbers by value (200 equals 200.0) and everything else by type and
 * value (the string "200" is not the number 200; two missing fields are equal); {@code <} and friends compare two
 * numbers or two strings, anything else is false; {@code =~} finds the regex in a string field (a field that is
 * not a string does not match); {@code in} looks for an element in an array or a substring in a string; a bare
 * operand is true when present and neither null nor {@code false}. Regexes are compiled once, here; a bad one
 * stops the start-up at its line.
 */
final class Conditions {
    /** A compiled condition; thread-safe. */
    interface Condition {
        boolean test(Event event);
    }

    /** A compiled operand: a field's value (null when missing) or a constant. */
    private interface Operand {
        JsonNode value(Event event);
    }

    private Conditions() {
    }

    static Condition compile(Ast.Expr expr) {
        if (expr instanceof Ast.And e) {
            Condition l = compile(e.left());
            Condition r = compile(e.right());
            return event -> l.test(event) && r.test(event);
        }
        if (expr instanceof Ast.Or e) {
            Condition l = compile(e.left());
            Condition r = compile(e.right());
            return event -> l.test(event) || r.test(event);
        }
        if (expr instanceof Ast.Xor e) {
            Condition l = compile(e.left());
            Condition r = compile(e.right());
            return event -> l.test(event) ^ r.test(event);
        }
        if (expr instanceof Ast.Nand e) {
            Condition l = compile(e.left());
            Condition r = compile(e.right());
            return event -> !(l.test(event) && r.test(event));
        }
        if (expr instanceof Ast.Not e) {
            Condition inner = compile(e.operand());
            return event -> !inner.test(event);
        }
        if (expr instanceof Ast.Truthy e) {
            Operand operand = operand(e.operand());
            return event -> truthy(operand.value(event));
        }
        if (expr instanceof Ast.Compare e) {
            return compare(e);
        }
        if (expr instanceof Ast.Match e) {
            Pattern pattern = regex(e.pattern(), e);
            Operand operand = operand(e.left());
            boolean negated = e.negated();
            return event -> {
                JsonNode value = operand.value(event);
                boolean found = value != null && value.isTextual() && pattern.matcher(value.textValue()).find();
                return found != negated;
            };
        }
        Ast.In e = (Ast.In) expr;
        Operand needle = operand(e.needle());
        Operand haystack = operand(e.haystack());
        boolean negated = e.negated();
        return event -> contains(haystack.value(event), needle.value(event)) != negated;
    }

    private static Condition compare(Ast.Compare e) {
        Operand l = operand(e.left());
        Operand r = operand(e.right());
        return switch (e.operator()) {
            case "==" -> event -> equal(l.value(event), r.value(event));
            case "!=" -> event -> !equal(l.value(event), r.value(event));
            case "<" -> ordered(l, r, c -> c < 0);
            case ">" -> ordered(l, r, c -> c > 0);
            case "<=" -> ordered(l, r, c -> c <= 0);
            case ">=" -> ordered(l, r, c -> c >= 0);
            default -> throw new ConfigException(e.location(), "unknown comparison " + e.operator());
        };
    }

    /** True when both values have an order (two numbers, two strings) and it satisfies the test. */
    private static Condition ordered(Operand l, Operand r, IntPredicate test) {
        return event -> {
            int c = order(l.value(event), r.value(event));
            return c != UNORDERED && test.test(c);
        };
    }

    /** What {@link #order} answers for values that have no order. */
    private static final int UNORDERED = Integer.MIN_VALUE;

    private static int order(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a != null && b != null && a.isTextual() && b.isTextual()) {
            return Integer.signum(a.textValue().compareTo(b.textValue()));
        }
        return UNORDERED;
    }

    static boolean equal(JsonNode a, JsonNode b) {
        boolean aMissing = a == null || a.isNull();
        boolean bMissing = b == null || b.isNull();
        if (aMissing || bMissing) {
            return aMissing == bMissing;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    static boolean truthy(JsonNode value) {
        return value != null && !value.isNull() && !(value.isBoolean() && !value.booleanValue());
    }

    private static boolean contains(JsonNode haystack, JsonNode needle) {
        if (haystack == null || needle == null) {
            return false;
        }
        if (haystack.isArray()) {
            for (JsonNode element : haystack) {
                if (equal(element, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (haystack.isTextual()) {
            return needle.isValueNode() && !needle.isNull() && haystack.textValue().contains(needle.asText());
        }
        return false;
    }

    private static Operand operand(Ast.Operand operand) {
        if (operand instanceof Ast.FieldRef f) {
            FieldRef ref = FieldRef.of(f.path());
            return event -> event.get(ref);
        }
        JsonNode constant = constant(operand);
        return event -> constant;
    }

    private static JsonNode constant(Ast.Operand operand) {
        if (operand instanceof Ast.StrLit s) {
            return TextNode.valueOf(s.text());
        }
        if (operand instanceof Ast.NumLit n) {
            return DecimalNode.valueOf(new BigDecimal(n.text()));
        }
        if (operand instanceof Ast.RegexLit r) {
            return TextNode.valueOf(r.pattern());
        }
        if (operand instanceof Ast.ListLit l) {
            ArrayNode array = Event.NODES.arrayNode();
            List<JsonNode> values = new ArrayList<>();
            for (Ast.Operand element : l.values()) {
                if (element instanceof Ast.FieldRef) {
                    throw new ConfigException(element.location(), "a list in a condition holds constants, not fields");
                }
                values.add(constant(element));
            }
            array.addAll(values);
            return array;
        }
        throw new ConfigException(operand.location(), "a field reference is not a constant");
    }

    private static Pattern regex(String pattern, Ast.Match at) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(at.location(), "invalid regex /" + pattern + "/: " + e.getDescription());
        }
    }
}
