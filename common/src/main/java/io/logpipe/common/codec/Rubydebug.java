package io.logpipe.common.codec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Logstash's {@code rubydebug} codec: the event as Ruby's awesome_print shows a hash. Keys are quoted and
 * right-aligned within their hash, {@code =>} between key and value, four spaces per level, array elements
 * numbered {@code [0]}, strings quoted with Ruby's escapes, null as {@code nil}, and the top-level
 * {@code @timestamp} bare, as Logstash prints its timestamp object. Keys keep the event's order.
 */
public final class Rubydebug {
    private static final String INDENT = "    ";

    private Rubydebug() {
    }

    /** The event's text, ending with a line break. */
    public static String format(JsonNode event) {
        StringBuilder out = new StringBuilder(256);
        value(out, event, 0, true);
        return out.append('\n').toString();
    }

    private static void value(StringBuilder out, JsonNode value, int level, boolean root) {
        if (value.isObject()) {
            object(out, value, level, root);
        } else if (value.isArray()) {
            array(out, value, level);
        } else if (value.isTextual()) {
            quoted(out, value.textValue());
        } else if (value.isNull() || value.isMissingNode()) {
            out.append("nil");
        } else {
            out.append(value.asText());
        }
    }

    private static void object(StringBuilder out, JsonNode object, int level, boolean root) {
        if (object.isEmpty()) {
            out.append("{}");
            return;
        }
        List<String> keys = new ArrayList<>(object.size());
        int width = 0;
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String key = quoted(new StringBuilder(), names.next()).toString();
            keys.add(key);
            width = Math.max(width, key.length());
        }
        out.append("{\n");
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); i++) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = keys.get(i);
            indent(out, level + 1);
            out.append(" ".repeat(width - key.length())).append(key).append(" => ");
            JsonNode value = field.getValue();
            if (root && field.getKey().equals("@timestamp") && value.isTextual()) {
                out.append(value.textValue());
            } else {
                value(out, value, level + 1, false);
            }
            out.append(fields.hasNext() ? ",\n" : "\n");
        }
        indent(out, level);
        out.append('}');
    }

    private static void array(StringBuilder out, JsonNode array, int level) {
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        int width = Integer.toString(array.size() - 1).length();
        out.append("[\n");
        for (int i = 0; i < array.size(); i++) {
            indent(out, level + 1);
            String index = Integer.toString(i);
            out.append('[').append(" ".repeat(width - index.length())).append(index).append("] ");
            value(out, array.get(i), level + 1, false);
            out.append(i + 1 < array.size() ? ",\n" : "\n");
        }
        indent(out, level);
        out.append(']');
    }

    private static void indent(StringBuilder out, int level) {
        for (int i = 0; i < level; i++) {
            out.append(INDENT);
        }
    }

    /** Ruby's {@code String#inspect}: double quotes, backslash escapes for quotes, backslashes and controls. */
    private static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u001b' -> out.append("\\e");
                case '#' -> out.append(i + 1 < text.length() && "{$@".indexOf(text.charAt(i + 1)) >= 0 ? "\\#" : "#");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
