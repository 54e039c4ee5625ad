package io.logpipe.indexer.filter.plugin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.indexer.filter.Event;

/**
 * mutate's {@code convert} targets, with the strict parsing of current Logstash (8.14 and later): a string that is
 * not a number fails the conversion (mutate then tags the event {@code _mutate_error}), where older Logstash turned
 * {@code "-"} into 0. A boolean that cannot convert is left as it is, as in Logstash.
 */
enum MutateConversion {
    INTEGER {
        @Override
        JsonNode convert(JsonNode value) {
            return integer(value);
        }
    },
    INTEGER_EU {
        @Override
        JsonNode convert(JsonNode value) {
            return integer(value.isTextual() ? TextNode.valueOf(european(value.textValue())) : value);
        }
    },
    FLOAT {
        @Override
        JsonNode convert(JsonNode value) {
            return floating(value);
        }
    },
    FLOAT_EU {
        @Override
        JsonNode convert(JsonNode value) {
            return floating(value.isTextual() ? TextNode.valueOf(european(value.textValue())) : value);
        }
    },
    STRING {
        @Override
        JsonNode convert(JsonNode value) {
            return value.isTextual() ? value : TextNode.valueOf(text(value));
        }
    },
    BOOLEAN {
        @Override
        JsonNode convert(JsonNode value) {
            String text = text(value);
            if (TRUE.matcher(text).find()) {
                return BooleanNode.TRUE;
            }
            if (text.isEmpty() || FALSE.matcher(text).find()) {
                return BooleanNode.FALSE;
            }
            return value;
        }
    };

    // As Logstash's: line-anchored and case-insensitive, the dot in 1.0 unescaped.
    private static final Pattern TRUE = Pattern.compile("^(true|t|yes|y|1|1.0)$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE | Pattern.UNIX_LINES);
    private static final Pattern FALSE = Pattern.compile("^(false|f|no|n|0|0.0)$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE | Pattern.UNIX_LINES);
    // Ruby's BigDecimal() and Float() syntax (underscores between digits allowed), after commas are removed.
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:\\d+(?:_\\d+)*(?:\\.\\d+(?:_\\d+)*)?|\\.\\d+(?:_\\d+)*)(?:e[+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0x\\p{XDigit}+(?:_\\p{XDigit}+)*");
    private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0x\\p{XDigit}*\\.?\\p{XDigit}*(?:p[+-]?\\d+)?");
    private static final int MAX_DIGITS = 1000;

    /** Converts one value (not an array, not null); throws IllegalArgumentException when it cannot. */
    abstract JsonNode convert(JsonNode value);

    static MutateConversion named(String name) {
        for (MutateConversion c : values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(name)) {
                return c;
            }
        }
        return null;
    }

    static String names() {
        return "integer, integer_eu, float, float_eu, string, boolean";
    }

    /** "1.000,5" reads as "1,000.5". */
    private static String european(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c == ',' ? '.' : c == '.' ? ',' : c);
        }
        return out.toString();
    }

    /** Ruby's {@code to_s}: how a value reads as text. */
    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isFloatingPointNumber()) {
            return RubyText.floatText(value.doubleValue());
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Strings are parsed (commas removed, decimals truncated toward zero); floats are truncated. */
    private static JsonNode integer(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value;
        }
        if (value.isBoolean()) {
            return Event.NODES.numberNode(value.booleanValue() ? 1 : 0);
        }
        if (value.isFloatingPointNumber()) {
            return integral(value.decimalValue());
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("cannot convert " + value.getNodeType() + " to an integer");
        }
        JsonNode plain = plainInteger(value.textValue());
        if (plain != null) {
            return plain;
        }
        String s = number(value.textValue());
        if (s.startsWith("0x", s.startsWith("-") || s.startsWith("+") ? 1 : 0)) {
            if (s.indexOf('.') >= 0) {
                return integral(new BigDecimal(hexFloat(s)));
            }
            if (!HEX.matcher(s).matches()) {
                throw new IllegalArgumentException("invalid value for Integer(): \"" + s + "\"");
            }
            int digits = s.indexOf('x') + 1;
            BigInteger n = new BigInteger(s.substring(digits).replace("_", ""), 16);
            return integral(new BigDecimal(s.startsWith("-") ? n.negate() : n));
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException("invalid value for BigDecimal(): \"" + s + "\"");
        }
        return integral(new BigDecimal(s.replace("_", "")));
    }

    /**
     * The common case, a short run of ASCII digits with an optional sign (a grok capture of bytes or a status),
     * read without the general path's strip, regex and BigDecimal, to the same value; null for anything else.
     */
    private static JsonNode plainInteger(String s) {
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        int length = s.length() - start;
        if (length == 0 || length > 18) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Event.NODES.numberNode(Long.parseLong(s));
    }

    private static JsonNode integral(BigDecimal d) {
        int integerDigits = d.precision() - d.scale();
        if (integerDigits <= 0) {
            return Event.NODES.numberNode(0L);
        }
        if (integerDigits > MAX_DIGITS) {
            throw new IllegalArgumentException("integer too large (" + integerDigits + " digits)");
        }
        BigInteger n = d.toBigInteger();
        return n.bitLength() < 64 ? Event.NODES.numberNode(n.longValue()) : Event.NODES.numberNode(n);
    }

    private static JsonNode floating(JsonNode value) {
        double d;
        if (value.isNumber()) {
            d = value.doubleValue();
        } else if (value.isBoolean()) {
            d = value.booleanValue() ? 1.0 : 0.0;
        } else if (value.isTextual()) {
            String s = number(value.textValue());
            if (s.startsWith("0x", s.startsWith("-") || s.startsWith("+") ? 1 : 0)) {
                d = hexFloat(s);
            } else if (DECIMAL.matcher(s).matches()) {
                d = Double.parseDouble(s.replace("_", ""));
            } else {
                throw new IllegalArgumentException("invalid value for Float(): \"" + s + "\"");
            }
        } else {
            throw new IllegalArgumentException("cannot convert " + value.getNodeType() + " to a float");
        }
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("float out of range: " + value);
        }
        return Event.NODES.numberNode(d);
    }

    /** Stripped, commas removed, lower case: what Logstash parses. */
    private static String number(String s) {
        return RubyText.strip(s).replace(",", "").toLowerCase(Locale.ROOT);
    }

    private static double hexFloat(String s) {
        if (!HEX_FLOAT.matcher(s).matches() || s.endsWith("x") || s.endsWith("x.")) {
            throw new IllegalArgumentException("invalid value for Float(): \"" + s + "\"");
        }
        return Double.parseDouble(s.indexOf('p') >= 0 ? s : s + "p0");
    }
}
