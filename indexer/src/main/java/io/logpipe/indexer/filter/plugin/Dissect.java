package io.logpipe.indexer.filter.plugin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;

/**
 * Logstash's {@code dissect} filter (its own dialect: {@code %{?a} %{&a}}, appends joined by their delimiter),
 * which the Elasticsearch/OpenSearch dissect library does not speak, hence {@link Dissection}. As in Logstash: a
 * mapped field the event lacks is skipped without a tag, an empty or null one is tagged; the filter matched when
 * one mapping did; {@code convert_datatype} runs afterwards on every event, tagging what it cannot convert.
 */
public final class Dissect implements Filter {
    private record Mapping(FieldRef field, Dissection dissection) {
    }

    private record Conversion(String field, FieldRef ref, boolean integer, String nullTag, String badTag) {
    }

    private final Mapping[] mappings;
    private final Conversion[] conversions;
    private final List<String> tagOnFailure;

    public Dissect(Options options) {
        List<Mapping> mappings = new ArrayList<>();
        options.stringMap("mapping").forEach((field, pattern) -> {
            try {
                mappings.add(new Mapping(FieldRef.parse(field), Dissection.compile(pattern)));
            } catch (IllegalArgumentException e) {
                throw options.error(at(options, field), "cannot use the mapping \"" + pattern + "\" for " + field
                        + ": " + e.getMessage());
            }
        });
        List<Conversion> conversions = new ArrayList<>();
        options.stringMap("convert_datatype").forEach((field, type) -> {
            String kind = type.toLowerCase(Locale.ROOT);
            if (!kind.equals("int") && !kind.equals("float")) {
                throw options.error("convert_datatype", "convert_datatype => " + field + " => " + type
                        + ": the datatype must be int or float");
            }
            FieldRef ref;
            try {
                ref = FieldRef.parse(field);
            } catch (IllegalArgumentException e) {
                throw options.error("convert_datatype", "convert_datatype: " + e.getMessage());
            }
            conversions.add(new Conversion(field, ref, kind.equals("int"), "_dataconversionnullvalue_" + field + "_"
                    + type, "_dataconversionuncoercible_" + field + "_" + type));
        });
        if (mappings.isEmpty() && conversions.isEmpty()) {
            throw options.error("mapping", "dissect needs mapping => { \"field\" => \"%{a} %{b}\" } or"
                    + " convert_datatype");
        }
        tagOnFailure = options.has("tag_on_failure") ? options.strings("tag_on_failure")
                : List.of("_dissectfailure");
        this.mappings = mappings.toArray(Mapping[]::new);
        this.conversions = conversions.toArray(Conversion[]::new);
    }

    @Override
    public boolean filter(Event event) {
        boolean matched = false;
        for (Mapping mapping : mappings) {
            JsonNode value = event.get(mapping.field());
            if (value == null) {
                continue;
            }
            String text = value.isNull() ? "" : text(value);
            if (!text.isEmpty() && mapping.dissection().dissect(text, event)) {
                matched = true;
            } else {
                for (String tag : tagOnFailure) {
                    event.tag(tag);
                }
            }
        }
        for (Conversion conversion : conversions) {
            convert(conversion, event);
        }
        return matched;
    }

    /** Logstash converts through BigDecimal: "12.7" is the int 12; a float keeps its digits. */
    private static void convert(Conversion conversion, Event event) {
        JsonNode value = event.get(conversion.ref());
        if (value == null || value.isNull()) {
            event.tag(conversion.nullTag());
            return;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text(value));
        } catch (NumberFormatException e) {
            event.tag(conversion.badTag());
            return;
        }
        if (!conversion.integer()) {
            event.set(conversion.ref(), DecimalNode.valueOf(number));
            return;
        }
        BigInteger integer = number.toBigInteger();
        event.set(conversion.ref(), integer.bitLength() < 32 ? IntNode.valueOf(integer.intValue())
                : integer.bitLength() < 64 ? LongNode.valueOf(integer.longValue()) : BigIntegerNode.valueOf(integer));
    }

    /** Where the mapping of that field is written (the mapping option itself when it is not a hash). */
    private static Ast.Value at(Options options, String field) {
        Ast.Value mapping = options.value("mapping").orElseThrow();
        if (mapping instanceof Ast.Hash hash) {
            for (Ast.Entry entry : hash.entries()) {
                if (entry.key().equals(field)) {
                    return entry.value();
                }
            }
        }
        return mapping;
    }

    /** A value as Logstash turns it into text: a string as is, a number or boolean written out, else its JSON. */
    static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.isValueNode() ? value.asText() : value.toString();
    }
}
