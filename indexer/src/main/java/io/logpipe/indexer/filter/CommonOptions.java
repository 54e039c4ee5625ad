package io.logpipe.indexer.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.Options;

/**
 * The options every Logstash filter has. {@code add_field}, {@code add_tag}, {@code remove_field} and
 * {@code remove_tag} run only when the plugin matched, in that order, each with sprintf; {@code add_field} on a
 * field that exists turns it into an array and appends, as Logstash does. {@code id} names the plugin in metrics;
 * {@code enable_metric} and {@code periodic_flush} are accepted (they tune Logstash itself).
 */
final class CommonOptions {
    private record AddField(Template name, Template value) {
    }

    private final List<AddField> addFields = new ArrayList<>();
    private final List<Template> addTags = new ArrayList<>();
    private final List<Template> removeFields = new ArrayList<>();
    private final List<Template> removeTags = new ArrayList<>();
    private final String id;

    CommonOptions(Options options, String defaultId) {
        id = options.string("id", defaultId);
        options.bool("enable_metric", true);
        options.bool("periodic_flush", false);
        try {
            for (Map.Entry<String, List<String>> e : options.multiMap("add_field").entrySet()) {
                for (String value : e.getValue()) {
                    addFields.add(new AddField(Template.compile(e.getKey()), Template.compile(value)));
                }
            }
            options.strings("add_tag").forEach(t -> addTags.add(Template.compile(t)));
            options.strings("remove_field").forEach(t -> removeFields.add(Template.compile(t)));
            options.strings("remove_tag").forEach(t -> removeTags.add(Template.compile(t)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(options.location(), options.pluginName() + ": " + e.getMessage());
        }
    }

    String id() {
        return id;
    }

    boolean any() {
        return !addFields.isEmpty() || !addTags.isEmpty() || !removeFields.isEmpty() || !removeTags.isEmpty();
    }

    void apply(Event event) {
        for (AddField add : addFields) {
            FieldRef ref = FieldRef.parse(add.name().format(event));
            TextNode value = TextNode.valueOf(add.value().format(event));
            JsonNode existing = event.get(ref);
            if (existing == null) {
                event.set(ref, value);
            } else if (existing instanceof ArrayNode array) {
                array.add(value);
            } else {
                ArrayNode array = Event.NODES.arrayNode();
                array.add(existing);
                array.add(value);
                event.set(ref, array);
            }
        }
        for (Template tag : addTags) {
            event.tag(tag.format(event));
        }
        for (Template field : removeFields) {
            event.remove(FieldRef.parse(field.format(event)));
        }
        for (Template tag : removeTags) {
            event.removeTag(tag.format(event));
        }
    }
}
