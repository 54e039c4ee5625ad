package io.logpipe.indexer.filter.plugin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Template;

/**
 * Logstash's {@code kv} filter. One regular expression, built at start-up the way Logstash builds its own, finds
 * every {@code key=value} pair (a value may be quoted or, with {@code include_brackets}, wrapped in brackets), so
 * splitting, whitespace and quoting behave as in Logstash. A repeated key collects its values into an array;
 * {@code allow_duplicate_values => false} keeps equal pairs once. It matches when at least one key (or a default
 * key) is set. The {@code timeout_millis} safeguard is enforced: the scan reads the text through a view that
 * checks the clock, so a pathological pattern is abandoned and the event tagged {@code tag_on_timeout}.
 */
public final class Kv implements Filter {
    private final FieldRef source;
    private final FieldRef target;
    private final Pattern scan;
    private final List<String> valueGroups;
    private final Pattern valueSplit;
    private final Pattern trimKey;
    private final Pattern trimValue;
    private final Pattern removeCharKey;
    private final Pattern removeCharValue;
    private final UnaryOperator<String> transformKey;
    private final UnaryOperator<String> transformValue;
    private final List<Template> includeKeys;
    private final List<Template> excludeKeys;
    private final Set<String> fixedIncludeKeys;
    private final Set<String> fixedExcludeKeys;
    private final Template prefix;
    private final Map<String, String> defaultKeys;
    private final boolean allowDuplicateValues;
    private final boolean allowEmptyValues;
    private final boolean recursive;
    private final long timeoutNanos;
    private final String tagOnTimeout;
    private final List<String> tagOnFailure;

    public Kv(Options options) {
        source = FieldRef.option(options, "source", options.string("source", "message"));
        target = options.string("target").map(t -> FieldRef.option(options, "target", t)).orElse(null);
        String fieldSplit = options.string("field_split", " ");
        String valueSplitChars = options.string("value_split", "=");
        String fieldSplitPattern = options.string("field_split_pattern").orElse(null);
        String valueSplitPattern = options.string("value_split_pattern").orElse(null);
        if (valueSplitChars.isEmpty()) {
            throw options.error("value_split", "value_split must be a non-empty string");
        }
        for (String name : List.of("field_split_pattern", "value_split_pattern")) {
            if (options.string(name).map(String::isEmpty).orElse(false)) {
                throw options.error(name, name + " must be a non-empty string");
            }
        }
        boolean lenient = options.choice("whitespace", "lenient", "strict", "lenient").equals("lenient");
        boolean brackets = options.bool("include_brackets", true);

        String fs = fieldSplitPattern != null ? fieldSplitPattern : "[" + fieldSplit + "]";
        String vs = valueSplitPattern != null ? valueSplitPattern : "[" + valueSplitChars + "]";
        if (lenient) {
            vs = " *(?:" + vs + ") *";
        }
        // As Logstash builds it: a key, the value splitter, maybe a value (quoted, bracketed or plain), then a field
        // splitter or the end of a line.
        String key = fieldSplitPattern != null || valueSplitPattern != null
                ? until("(?:" + vs + ")|(?:" + fs + ")") : notIn(valueSplitChars + fieldSplit);
        String plain = fieldSplitPattern != null ? until(fs) : notIn(fieldSplit);
        valueGroups = brackets ? List.of("kvdouble", "kvsingle", "kvparen", "kvsquare", "kvangle", "kvplain")
                : List.of("kvdouble", "kvsingle", "kvplain");
        String where = fieldSplitPattern != null ? "field_split_pattern"
                : valueSplitPattern != null ? "value_split_pattern"
                : options.has("field_split") ? "field_split" : "value_split";
        scan = regex(options, where, "(?<kvkey>" + key + ")(?:" + vs + ")" + values(brackets, plain) + "?(?:(?:" + fs
                + ")|$)");
        valueSplit = regex(options, where, vs);

        trimKey = characters(options, "trim_key", true);
        trimValue = characters(options, "trim_value", true);
        removeCharKey = characters(options, "remove_char_key", false);
        removeCharValue = characters(options, "remove_char_value", false);
        transformKey = transform(options, "transform_key");
        transformValue = transform(options, "transform_value");

        includeKeys = templates(options, "include_keys");
        excludeKeys = templates(options, "exclude_keys");
        fixedIncludeKeys = fixed(includeKeys);
        fixedExcludeKeys = fixed(excludeKeys);
        prefix = template(options, "prefix", options.string("prefix", ""));
        defaultKeys = options.stringMap("default_keys");
        allowDuplicateValues = options.bool("allow_duplicate_values", true);
        allowEmptyValues = options.bool("allow_empty_values", false);
        recursive = options.bool("recursive", false);
        double millis = options.number("timeout_millis", 30_000);
        timeoutNanos = millis > 0 ? (long) (millis * 1_000_000) : 0;
        tagOnTimeout = options.string("tag_on_timeout", "_kv_filter_timeout");
        tagOnFailure = options.has("tag_on_failure") ? options.strings("tag_on_failure") : List.of("_kv_filter_error");
        options.choice("ecs_compatibility", "disabled", "disabled", "v1", "v8"); // only changes a warning in Logstash
    }

    @Override
    public boolean filter(Event event) {
        try {
            ObjectNode parsed = Event.NODES.objectNode();
            JsonNode value = event.get(source);
            if (value != null && (value.isTextual() || value.isArray())) {
                Scope scope = new Scope(event, timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0);
                if (value.isTextual()) {
                    parse(value.textValue(), scope, parsed);
                } else {
                    for (JsonNode element : value) {
                        if (element.isTextual()) {
                            parse(element.textValue(), scope, parsed);
                        }
                    }
                }
            }
            ObjectNode kv = parsed;
            if (!defaultKeys.isEmpty()) {
                kv = Event.NODES.objectNode();
                defaultKeys.forEach(kv::put);
                kv.setAll(parsed);
            }
            if (kv.isEmpty()) {
                return false;
            }
            if (target != null) {
                event.set(target, kv);
            } else {
                for (Map.Entry<String, JsonNode> entry : kv.properties()) {
                    event.set(fieldNamed(entry.getKey()), entry.getValue());
                }
            }
            return true;
        } catch (Timeout e) {
            event.tag(tagOnTimeout);
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            // The stack overflows only on a value with more than about a thousand backslash escapes.
            tagOnFailure.forEach(event::tag);
            return false;
        }
    }

    /** What stays the same while one event is parsed: its keys filters, its prefix and the deadline. */
    private final class Scope {
        final Set<String> include;
        final Set<String> exclude;
        final String prefix;
        final long deadline;

        Scope(Event event, long deadline) {
            this.include = fixedIncludeKeys != null ? fixedIncludeKeys : formatted(includeKeys, event);
            this.exclude = fixedExcludeKeys != null ? fixedExcludeKeys : formatted(excludeKeys, event);
            this.prefix = Kv.this.prefix.format(event);
            this.deadline = deadline;
        }
    }

    private void parse(String text, Scope scope, ObjectNode kv) {
        if (!valueSplit.matcher(text).find()) {
            return;
        }
        Matcher m = scan.matcher(timeoutNanos > 0 ? new DeadlineText(text, scope.deadline) : text);
        while (m.find()) {
            String value = firstValue(m);
            if (value.isEmpty() && !allowEmptyValues) {
                continue;
            }
            String key = m.group("kvkey");
            key = trimKey == null ? key : trimKey.matcher(key).replaceAll("");
            key = removeCharKey == null ? key : removeCharKey.matcher(key).replaceAll("");
            key = transformKey == null ? key : transformKey.apply(key);
            if (!scope.include.isEmpty() && !scope.include.contains(key) || scope.exclude.contains(key)) {
                continue;
            }
            key = scope.prefix + key;
            value = trimValue == null ? value : trimValue.matcher(value).replaceAll("");
            value = removeCharValue == null ? value : removeCharValue.matcher(value).replaceAll("");
            value = transformValue == null ? value : transformValue.apply(value);
            JsonNode existing = kv.get(key);
            JsonNode stored = TextNode.valueOf(value);
            if (!allowDuplicateValues && existing != null && contains(existing, stored)) {
                continue;
            }
            if (recursive) {
                ObjectNode inner = Event.NODES.objectNode();
                parse(value, scope, inner);
                stored = inner.isEmpty() ? stored : inner;
            }
            if (existing == null) {
                kv.set(key, stored);
            } else if (existing instanceof ArrayNode array) {
                array.add(stored);
            } else {
                kv.set(key, Event.NODES.arrayNode().add(existing).add(stored));
            }
        }
    }

    /** The value as Logstash takes it: the first alternative that captured, else empty. */
    private String firstValue(Matcher m) {
        for (String group : valueGroups) {
            String v = m.group(group);
            if (v != null) {
                return v;
            }
        }
        return "";
    }

    private static boolean contains(JsonNode existing, JsonNode value) {
        if (existing instanceof ArrayNode array) {
            for (JsonNode element : array) {
                if (element.equals(value)) {
                    return true;
                }
            }
            return false;
        }
        return existing.equals(value);
    }

    /** A parsed key is a field reference in Logstash too ({@code [a][b]=1} nests); a plain name is taken as is. */
    private static FieldRef fieldNamed(String key) {
        return key.indexOf('[') < 0 && key.indexOf(']') < 0 ? new FieldRef(List.of(key), key) : FieldRef.parse(key);
    }

    /**
     * Logstash's {@code (?:\\.|[^X])+}: one or more characters, each escaped ({@code \x}) or not in the class. Written
     * as runs of plain characters between escapes because java.util.regex recurses once per repetition of a group
     * with alternatives, which overflows the stack on values of a few thousand characters; this form recurses
     * once per backslash only, and matches what Logstash's form matches (checked against it on random input).
     */
    private static String notIn(String charClass) {
        String plain = "[^" + charClass + "\\\\]*";
        return "(?:\\\\.|[^" + charClass + "])" + plain + "(?:(?:\\\\.|(?=[^" + charClass + "])\\\\)" + plain + ")*";
    }

    /** Logstash's {@code (?:(?!P)(?:\\.|.))+}: one or more characters, each escaped or not starting P; as above. */
    private static String until(String pattern) {
        String not = "(?!" + pattern + ")";
        String plain = "(?:" + not + "[^\\\\\\n])*";
        return not + "(?:\\\\.|.)" + plain + "(?:" + not + "\\\\.?" + plain + ")*";
    }

    /** The value alternatives, in Logstash's order: double quotes, single quotes, brackets, plain. */
    private static String values(boolean brackets, String plain) {
        StringBuilder values = new StringBuilder("(?:")
                .append(quoted("\"", "\"", "kvdouble")).append('|').append(quoted("'", "'", "kvsingle"));
        if (brackets) {
            values.append('|').append(quoted("(", ")", "kvparen")).append('|').append(quoted("[", "]", "kvsquare"))
                    .append('|').append(quoted("<", ">", "kvangle"));
        }
        return values.append("|(?<kvplain>").append(plain).append("))").toString();
    }

    /** Open, then an optional capture of escaped or non-closing characters, then close. */
    private static String quoted(String open, String close, String group) {
        String c = RubyText.quote(close);
        return RubyText.quote(open) + "(?<" + group + ">" + notIn(c) + ")?" + c;
    }

    private static Pattern regex(Options options, String option, String regex) {
        try {
            return RubyText.regex(regex);
        } catch (PatternSyntaxException e) {
            throw options.error(option,
                    option + " does not make a valid pattern (" + regex + "): " + e.getDescription());
        }
    }

    /** trim_* and remove_char_*: the option's characters as a regex character class, at the ends or anywhere. */
    private static Pattern characters(Options options, String option, boolean atEnds) {
        return options.string(option)
                .map(t -> regex(options, option, atEnds ? "^[" + t + "]+|[" + t + "]+$" : "[" + t + "]"))
                .orElse(null);
    }

    private static UnaryOperator<String> transform(Options options, String option) {
        return switch (options.choice(option, "", "lowercase", "uppercase", "capitalize")) {
            case "lowercase" -> RubyText::downcase;
            case "uppercase" -> RubyText::upcase;
            case "capitalize" -> RubyText::capitalize;
            default -> null;
        };
    }

    private static Template template(Options options, String option, String text) {
        try {
            return Template.compile(text);
        } catch (IllegalArgumentException e) {
            throw options.error(option, option + ": " + e.getMessage());
        }
    }

    private static List<Template> templates(Options options, String option) {
        List<Template> list = new ArrayList<>();
        for (String text : options.strings(option)) {
            list.add(template(options, option, text));
        }
        return List.copyOf(list);
    }

    /** The keys when none refers to a field (then they are the same for every event), else null. */
    private static Set<String> fixed(List<Template> templates) {
        return templates.stream().allMatch(Template::constant)
                ? Set.copyOf(templates.stream().map(Template::toString).toList()) : null;
    }

    private static Set<String> formatted(List<Template> templates, Event event) {
        Set<String> keys = new HashSet<>();
        templates.forEach(t -> keys.add(t.format(event)));
        return keys;
    }

    /** Thrown from the scan when the deadline passes. */
    private static final class Timeout extends RuntimeException {
        Timeout() {
            super("kv timeout", null, false, false);
        }
    }

    /**
     * The text as the scan reads it, checking the clock every 1024 reads: java.util.regex cannot be interrupted,
     * and this is how a backtracking scan learns that its time is up.
     */
    private static final class DeadlineText implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        DeadlineText(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 1023) == 0 && System.nanoTime() - deadline > 0) {
                throw new Timeout();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
