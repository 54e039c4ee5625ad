package io.logpipe.indexer.filter.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.joni.Region;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;

/**
 * Logstash's {@code grok} filter, with its options, defaults and legacy (non-ECS) patterns. The patterns are
 * opensearch-grok's; they are expanded and matched here, on joni (the Oniguruma port Logstash's JRuby matches
 * with), because that library's own matcher gives other results than Logstash: {@code %{NUMBER:n:int}} on
 * "0.043" throws instead of giving 0, a field captured twice keeps one value, a dot stops at a newline, and it has
 * neither inline definitions nor {@code named_captures_only => false}. Every pattern is compiled once, here; a bad
 * one stops the start-up at its own line. Two deliberate differences from Logstash's code: with
 * {@code break_on_match => false} a field matched when any of its patterns did (Logstash reports only the last
 * one, a bug by its maintainers' word: logstash-filter-grok issue 49), and a field the event does not have is a
 * failed match (Logstash matches the patterns against an empty string).
 */
public final class Grok implements Filter {
    private record FieldPatterns(FieldRef field, GrokExpression[] patterns) {
    }

    private final FieldPatterns[] fields;
    private final boolean breakOnMatch;
    private final boolean keepEmptyCaptures;
    private final List<String> tagOnFailure;
    private final String tagOnTimeout;
    private final GrokWatchdog watchdog;

    public Grok(Options options) {
        String ecs = options.string("ecs_compatibility", "disabled");
        if (!ecs.equals("disabled")) {
            throw options.error("ecs_compatibility", "ecs_compatibility => " + ecs + " is not supported: logpipe"
                    + " has only the legacy grok patterns (clientip, verb, response, ...); use disabled");
        }
        breakOnMatch = options.bool("break_on_match", true);
        boolean namedCapturesOnly = options.bool("named_captures_only", true);
        keepEmptyCaptures = options.bool("keep_empty_captures", false);
        Set<String> overwrite = Set.copyOf(options.strings("overwrite"));
        tagOnFailure = options.has("tag_on_failure") ? options.strings("tag_on_failure")
                : List.of("_grokparsefailure");
        tagOnTimeout = options.string("tag_on_timeout", "_groktimeout");
        FieldRef target = options.string("target").map(t -> FieldRef.option(options, "target", t)).orElse(null);

        double timeout = options.number("timeout_millis", 30000);
        String scope = options.choice("timeout_scope", "pattern", "pattern", "event");
        if (timeout < 0) {
            throw options.error("timeout_millis", "timeout_millis must be 0 (no timeout) or more, not " + timeout);
        }

        GrokBank bank = new GrokBank();
        loadPatternFiles(options, bank);
        options.stringMap("pattern_definitions").forEach((name, pattern) -> {
            try {
                // one line break at the end is dropped, as Logstash chomps it; other trailing space is refused
                bank.define(name, pattern.endsWith("\r\n") ? pattern.substring(0, pattern.length() - 2)
                        : pattern.endsWith("\n") ? pattern.substring(0, pattern.length() - 1) : pattern);
            } catch (IllegalArgumentException e) {
                throw options.error("pattern_definitions", e.getMessage());
            }
        });

        Map<String, List<String>> match = options.multiMap("match");
        if (match.isEmpty()) {
            throw options.error("match", "grok needs match => { \"field\" => \"pattern\" }");
        }
        Map<String, List<Ast.Value>> at = patternLocations(options.value("match").orElseThrow());
        List<FieldPatterns> compiled = new ArrayList<>();
        match.forEach((field, patterns) -> {
            GrokExpression[] expressions = new GrokExpression[patterns.size()];
            for (int i = 0; i < expressions.length; i++) {
                try {
                    expressions[i] = GrokExpression.compile(patterns.get(i), bank, namedCapturesOnly, target,
                            overwrite);
                } catch (IllegalArgumentException e) {
                    throw options.error(at.get(field).get(i), "cannot use the pattern \"" + patterns.get(i)
                            + "\" for " + field + ": " + e.getMessage());
                }
            }
            compiled.add(new FieldPatterns(FieldRef.option(options, "match", field), expressions));
        });
        fields = compiled.toArray(FieldPatterns[]::new);
        // last: its checks start with it
        watchdog = timeout > 0 ? new GrokWatchdog((long) Math.ceil(timeout), scope.equals("event")) : null;
    }

    @Override
    public boolean filter(Event event) {
        GrokWatchdog.Slot slot = watchdog == null ? null : watchdog.slot();
        if (slot != null) {
            slot.beginEvent();
        }
        try {
            boolean matched = false;
            for (FieldPatterns field : fields) {
                if (match(field, event, slot)) {
                    matched = true;
                    if (breakOnMatch) {
                        break;
                    }
                }
            }
            if (!matched) {
                for (String tag : tagOnFailure) {
                    event.tag(tag);
                }
            }
            return matched;
        } catch (GrokWatchdog.Timeout e) {
            event.tag(tagOnTimeout);
            return false;
        } finally {
            if (slot != null) {
                slot.endEvent();
            }
        }
    }

    /**
     * An array field: each element is matched (those it had before the captures, which may add to it), and the
     * field matched when one did.
     */
    private boolean match(FieldPatterns field, Event event, GrokWatchdog.Slot slot) {
        JsonNode value = event.get(field.field());
        if (value == null || value.isNull()) {
            return false;
        }
        if (value instanceof ArrayNode array) {
            boolean matched = false;
            int size = array.size();
            for (int i = 0; i < size; i++) {
                if (!array.get(i).isNull()) {
                    matched |= match(field.patterns(), text(array.get(i)), event, slot);
                }
            }
            return matched;
        }
        return match(field.patterns(), text(value), event, slot);
    }

    private boolean match(GrokExpression[] patterns, String text, Event event, GrokWatchdog.Slot slot) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (GrokExpression pattern : patterns) {
            Region region = pattern.search(input, slot);
            if (region == null) {
                continue;
            }
            matched = true;
            for (GrokExpression.Capture capture : pattern.captures()) {
                for (int group : capture.groups()) {
                    store(event, capture, capture.value(input, region, group));
                }
            }
            if (breakOnMatch) {
                break;
            }
        }
        return matched;
    }

    /**
     * Logstash's rule: an empty capture is dropped unless {@code keep_empty_captures}; a field in
     * {@code overwrite} is replaced; otherwise a new field is set, an array gets the value appended, a string
     * becomes an array of both, and any other existing value is left as it is.
     */
    private void store(Event event, GrokExpression.Capture capture, JsonNode value) {
        if (value == null || value.isTextual() && value.textValue().isEmpty()) {
            if (!keepEmptyCaptures) {
                return;
            }
            if (value == null) {
                value = NullNode.getInstance();
            }
        }
        if (capture.overwrite()) {
            event.set(capture.field(), value);
            return;
        }
        JsonNode existing = event.get(capture.field());
        if (existing == null || existing.isNull()) {
            event.set(capture.field(), value);
        } else if (existing instanceof ArrayNode array) {
            array.add(value);
        } else if (existing.isTextual()) {
            event.set(capture.field(), Event.NODES.arrayNode(2).add(existing).add(value));
        }
    }

    /** A number or boolean is matched as its text, as Logstash does; an object as its JSON. */
    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * {@code patterns_dir}: each directory's files matching {@code patterns_files_glob} (sorted by name, so a
     * later file's definition of a name wins predictably), or a file named directly.
     */
    private static void loadPatternFiles(Options options, GrokBank bank) {
        String glob = options.string("patterns_files_glob", "*");
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw options.error("patterns_files_glob", "patterns_files_glob " + glob + " is not a glob: "
                    + e.getMessage());
        }
        for (String dir : options.strings("patterns_dir")) {
            Path path = options.baseDir().resolve(dir);
            List<Path> files = new ArrayList<>();
            try {
                if (Files.isDirectory(path)) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                        for (Path entry : entries) {
                            String name = entry.getFileName().toString();
                            if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())
                                    && (!name.startsWith(".") || glob.startsWith("."))) {
                                files.add(entry);
                            }
                        }
                    }
                    files.sort(null);
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                } else {
                    throw options.error("patterns_dir", "patterns_dir " + path + " is not a directory or a file");
                }
                for (Path file : files) {
                    bank.load(file);
                }
            } catch (IOException e) {
                throw options.error("patterns_dir", "cannot read patterns from " + path + ": " + e);
            } catch (IllegalArgumentException e) {
                throw options.error("patterns_dir", e.getMessage());
            }
        }
    }

    /** Where each of match's patterns is written, in the order {@link Options#multiMap} lists them. */
    private static Map<String, List<Ast.Value>> patternLocations(Ast.Value match) {
        Map<String, List<Ast.Value>> at = new LinkedHashMap<>();
        if (match instanceof Ast.Hash hash) {
            for (Ast.Entry entry : hash.entries()) {
                List<Ast.Value> list = at.computeIfAbsent(entry.key(), k -> new ArrayList<>());
                if (entry.value() instanceof Ast.Array array) {
                    list.addAll(array.values());
                } else {
                    list.add(entry.value());
                }
            }
        } else if (match instanceof Ast.Array array) {
            for (int i = 0; i + 1 < array.values().size(); i += 2) {
                at.computeIfAbsent(key(array.values().get(i)), k -> new ArrayList<>()).add(array.values().get(i + 1));
            }
        }
        return at;
    }

    private static String key(Ast.Value value) {
        if (value instanceof Ast.Str s) {
            return s.text();
        }
        if (value instanceof Ast.Num n) {
            return n.text();
        }
        return ((Ast.Bareword) value).text();
    }
}
