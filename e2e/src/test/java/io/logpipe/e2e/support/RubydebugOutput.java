package io.logpipe.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events printed by {@code stdout { codec => rubydebug }}, read back from a service's output (where its log lines
 * may sit between them): each event is a block from a line {@code {} to a line {@code }}, one {@code "key" => value}
 * per line, keys right-aligned so that every {@code =>} of a hash stands in one column, nested hashes and arrays
 * indented by four spaces, strings quoted with Ruby's escapes, the top-level {@code @timestamp} bare.
 */
public final class RubydebugOutput {
    private static final Pattern BLOCK = Pattern.compile("(?m)^\\{\\n(?:.*\\n)*?^\\}$");
    private static final Pattern ENTRY = Pattern.compile("^( +)(\"(?:[^\"\\\\]|\\\\.)*\") => (.*?),?$");
    private static final Pattern NESTED_ID = Pattern.compile("\"id\" => \"([^\"]+)\"");

    private RubydebugOutput() {
    }

    /** One printed event: its text and its top-level entries (key without quotes → value as printed). */
    public record Event(String text, Map<String, String> fields) {
        /** A top-level string value, unquoted (only {@code \\}, {@code \"}, {@code \n}, {@code \t} undone), or empty. */
        public Optional<String> string(String key) {
            String value = fields.get(key);
            if (value == null || value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
                return Optional.empty();
            }
            return Optional.of(unquote(value.substring(1, value.length() - 1)));
        }

        /** The first nested {@code "id" => "…"} (the event's {@code [event][id]}), or empty. */
        public Optional<String> eventId() {
            Matcher m = NESTED_ID.matcher(text);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /**
     * Every rubydebug event in {@code output}, in order. Throws when a block is not in rubydebug form (a top-level
     * line that is not an entry, or {@code =>} out of column), so a test sees what was printed wrongly.
     */
    public static List<Event> events(String output) {
        List<Event> events = new ArrayList<>();
        Matcher m = BLOCK.matcher(output.replace("\r\n", "\n"));
        while (m.find()) {
            events.add(parse(m.group()));
        }
        return events;
    }

    static Event parse(String block) {
        String[] lines = block.split("\n");
        Map<String, String> fields = new LinkedHashMap<>();
        int depth = 0;
        int arrow = -1;
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("}") || trimmed.startsWith("]")) {
                depth--;
                continue;
            }
            if (depth == 0) {
                Matcher entry = ENTRY.matcher(line);
                if (!entry.matches() || entry.group(1).length() < 4) {
                    throw new IllegalStateException("not a rubydebug entry: [" + line + "] in\n" + block);
                }
                int column = entry.group(1).length() + entry.group(2).length();
                if (arrow >= 0 && column != arrow) {
                    throw new IllegalStateException("=> not aligned at [" + line + "] in\n" + block);
                }
                arrow = column;
                String key = entry.group(2);
                fields.put(unquote(key.substring(1, key.length() - 1)), entry.group(3));
            }
            if (trimmed.endsWith("{") || trimmed.endsWith("[")) {
                depth++;
            }
        }
        return new Event(block, fields);
    }

    /** {@code text} as Ruby's {@code String#inspect} prints it (the escapes these tests' messages need). */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '#' -> out.append(i + 1 < text.length() && "{$@".indexOf(text.charAt(i + 1)) >= 0 ? "\\#" : "#");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
