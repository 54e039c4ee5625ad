package io.logpipe.indexer.filter.plugin;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Template;

/**
 * mutate's operations, one per configured entry, each as Logstash's mutate applies it. An operation throws a
 * RuntimeException where Logstash's raises (an unconvertible number, strip of a non-string in an array); mutate
 * then stops and tags the event. Where Logstash only logs and skips (gsub of a number, merge of a hash into an
 * array), so does the operation. Stateless, so shared by all workers.
 */
final class MutateOps {
    private MutateOps() {
    }

    interface Op {
        void apply(Event event);
    }

    /** A field name that is either fixed or a sprintf template (rename's names are templates in Logstash). */
    record Name(FieldRef fixed, Template template) {
        FieldRef resolve(Event event) {
            return fixed != null ? fixed : FieldRef.parse(template.format(event));
        }
    }

    /** The value, or null when missing or JSON null (both are Ruby's nil to Logstash). */
    private static JsonNode value(Event event, FieldRef field) {
        JsonNode v = event.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** Sets a field that exists but is null. */
    static Op coerce(FieldRef field, Template value) {
        return event -> {
            JsonNode v = event.get(field);
            if (v != null && v.isNull()) {
                event.set(field, value.format(event));
            }
        };
    }

    static Op rename(Name from, Name to) {
        return event -> {
            FieldRef source = from.resolve(event);
            FieldRef target = to.resolve(event);
            if (event.includes(source)) {
                event.set(target, event.remove(source));
            }
        };
    }

    static Op update(FieldRef field, Template value) {
        return event -> {
            if (event.includes(field)) {
                event.set(field, value.format(event));
            }
        };
    }

    static Op replace(FieldRef field, Template value) {
        return event -> event.set(field, value.format(event));
    }

    /** Arrays convert element by element (nulls stay); a hash is left alone. */
    static Op convert(FieldRef field, MutateConversion conversion) {
        return event -> {
            JsonNode v = value(event, field);
            if (v == null || v.isObject()) {
                return;
            }
            if (v instanceof ArrayNode array) {
                ArrayNode converted = Event.NODES.arrayNode(array.size());
                for (JsonNode element : array) {
                    converted.add(element.isNull() ? element : conversion.convert(element));
                }
                event.set(field, converted);
            } else {
                event.set(field, conversion.convert(v));
            }
        };
    }

    /**
     * Replaces every match in a string, or in each string of an array. A pattern with {@code %{field}} is filled
     * in and compiled per event, as in Logstash; the replacement is always filled in.
     */
    static Op gsub(FieldRef field, Pattern fixedPattern, Template dynamicPattern, Template replacement) {
        RubyText.Replacement fixedReplacement =
                replacement.constant() ? RubyText.Replacement.parse(replacement.toString()) : null;
        return event -> {
            JsonNode v = value(event, field);
            if (v == null || !(v.isTextual() || v.isArray())) {
                return;
            }
            Pattern pattern = fixedPattern != null ? fixedPattern : RubyText.regex(dynamicPattern.format(event));
            RubyText.Replacement with = fixedReplacement != null
                    ? fixedReplacement : RubyText.Replacement.parse(replacement.format(event));
            if (v.isTextual()) {
                event.set(field, with.replaceAll(pattern, v.textValue()));
                return;
            }
            ArrayNode result = Event.NODES.arrayNode(v.size());
            for (JsonNode element : v) {
                result.add(element.isTextual()
                        ? TextNode.valueOf(with.replaceAll(pattern, element.textValue())) : element);
            }
            event.set(field, result);
        };
    }

    /** uppercase, lowercase, capitalize: strings, and the strings of an array; anything else stays. */
    static Op changeCase(FieldRef field, UnaryOperator<String> change) {
        return event -> {
            JsonNode v = value(event, field);
            if (v == null) {
                return;
            }
            if (v.isTextual()) {
                event.set(field, change.apply(v.textValue()));
            } else if (v.isArray()) {
                ArrayNode result = Event.NODES.arrayNode(v.size());
                for (JsonNode element : v) {
                    result.add(element.isTextual() ? TextNode.valueOf(change.apply(element.textValue())) : element);
                }
                event.set(field, result);
            }
        };
    }

    /** Leading and trailing whitespace; an array must hold only strings (Logstash fails on anything else). */
    static Op strip(FieldRef field) {
        return event -> {
            JsonNode v = value(event, field);
            if (v == null) {
                return;
            }
            if (v.isTextual()) {
                event.set(field, RubyText.strip(v.textValue()));
            } else if (v.isArray()) {
                ArrayNode result = Event.NODES.arrayNode(v.size());
                for (JsonNode element : v) {
                    if (!element.isTextual()) {
                        throw new IllegalArgumentException("strip of [" + field + "]: cannot strip " + element);
                    }
                    result.add(RubyText.strip(element.textValue()));
                }
                event.set(field, result);
            }
        };
    }

    static Op split(FieldRef field, String separator) {
        return event -> {
            JsonNode v = value(event, field);
            if (v != null && v.isTextual()) {
                ArrayNode parts = Event.NODES.arrayNode();
                RubyText.split(v.textValue(), separator).forEach(parts::add);
                event.set(field, parts);
            }
        };
    }

    static Op join(FieldRef field, String separator) {
        return event -> {
            JsonNode v = value(event, field);
            if (v != null && v.isArray()) {
                StringBuilder joined = new StringBuilder();
                join(v, separator, joined);
                event.set(field, joined.toString());
            }
        };
    }

    /** Ruby's Array#join: nested arrays joined with the same separator, nil as empty. */
    private static void join(JsonNode array, String separator, StringBuilder out) {
        boolean first = true;
        for (JsonNode element : array) {
            if (!first) {
                out.append(separator);
            }
            first = false;
            if (element.isArray()) {
                join(element, separator, out);
            } else if (element.isTextual()) {
                out.append(element.textValue());
            } else if (element.isFloatingPointNumber()) {
                out.append(RubyText.floatText(element.doubleValue()));
            } else if (!element.isNull()) {
                out.append(element.isValueNode() ? element.asText() : element.toString());
            }
        }
    }

    /**
     * Hash into hash (the added keys win); otherwise both sides as arrays (a string is a one-element array, a
     * missing field an empty one) concatenated into the destination. A hash and a non-hash are not merged.
     */
    static Op merge(FieldRef dest, List<FieldRef> sources) {
        return event -> {
            for (FieldRef source : sources) {
                JsonNode to = value(event, dest);
                JsonNode added = value(event, source);
                boolean toHash = to != null && to.isObject();
                if (toHash != (added != null && added.isObject())) {
                    continue;
                }
                if (toHash) {
                    ((ObjectNode) to).setAll((ObjectNode) added.deepCopy());
                    continue;
                }
                ArrayNode result = Event.NODES.arrayNode();
                addAll(result, to);
                addAll(result, added);
                event.set(dest, result);
            }
        };
    }

    private static void addAll(ArrayNode into, JsonNode value) {
        if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                into.add(element.deepCopy());
            }
        } else if (value != null) {
            into.add(value.deepCopy());
        }
    }

    /** A deep copy, so later changes to one field do not show in the other. */
    static Op copy(FieldRef source, FieldRef dest) {
        return event -> {
            JsonNode v = value(event, source);
            if (v != null) {
                event.set(dest, v.deepCopy());
            }
        };
    }
}
