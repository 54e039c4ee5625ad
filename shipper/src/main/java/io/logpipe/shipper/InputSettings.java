package io.logpipe.shipper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.discover.Discovery;
import io.logpipe.shipper.discover.Glob;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.multiline.MultilinePattern;

/** One input's configuration, checked and compiled once at start-up. */
record InputSettings(String name, Discovery.InputGlobs globs, ShipperConfig.StartPosition startPosition,
        Decoration decoration, int maxLineBytes, Multiline multiline) {

    /** Compiled multiline settings. */
    record Multiline(Pattern pattern, boolean negate, boolean previous, int maxLines, long maxBytes,
            long flushIntervalNanos) {
    }

    static InputSettings of(String name, ShipperConfig.Input input) {
        List<Glob> paths = new ArrayList<>();
        for (String p : input.paths()) {
            if (!p.isBlank()) {
                paths.add(Glob.ofPath(p.trim()));
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("shipper.inputs." + name + ".paths is empty");
        }
        List<Glob> excludePaths = new ArrayList<>();
        List<Glob> excludeNames = new ArrayList<>();
        for (String e : input.exclude().orElse(List.of())) {
            if (!e.isBlank()) {
                (e.contains("/") ? excludePaths : excludeNames).add(e.contains("/") ? Glob.ofPath(e.trim()) : Glob.ofName(e.trim()));
            }
        }
        long maxLine = input.maxLineBytes().asLongValue();
        if (maxLine < 4 || maxLine > Integer.MAX_VALUE - 1024 * 1024) {
            throw new IllegalArgumentException("shipper.inputs." + name + ".max-line-bytes must be between 4 and 2 GiB");
        }
        Multiline multiline = input.multiline().map(m -> {
            Pattern pattern;
            try {
                pattern = MultilinePattern.compile(m.pattern());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("shipper.inputs." + name + ".multiline.pattern is not a valid regex: "
                        + e.getMessage(), e);
            }
            return new Multiline(pattern, m.negate(), m.what() == ShipperConfig.What.PREVIOUS, m.maxLines(),
                    m.maxBytes().asLongValue(), m.flushInterval().toNanos());
        }).orElse(null);
        Decoration decoration = decoration("shipper.inputs." + name, input.type(), input.tags(), input.fields(),
                input.addField());
        return new InputSettings(name, new Discovery.InputGlobs(name, paths, excludePaths, excludeNames),
                input.startPosition(), decoration, (int) maxLine, multiline);
    }

    /** What stdin adds to its events ({@code shipper.stdin.*}). */
    static Decoration stdinDecoration(ShipperConfig.Stdin stdin) {
        return decoration("shipper.stdin", stdin.type(), stdin.tags(), stdin.fields(), stdin.addField());
    }

    private static Decoration decoration(String prefix, Optional<String> type, Optional<List<String>> tags,
            Map<String, String> fields, Map<String, String> addField) {
        for (String field : addField.keySet()) {
            if (Decoration.WRITTEN_FIELDS.contains(field)) {
                throw new IllegalArgumentException(prefix + ".add-field." + field + ": the shipper writes " + field
                        + " itself" + (field.equals("type") || field.equals("tags")
                                ? " (set " + prefix + "." + field + " instead)" : ""));
            }
        }
        return new Decoration(type.filter(t -> !t.isBlank()).orElse(null),
                tags.orElse(List.of()).stream().filter(t -> !t.isBlank()).toList(), fields, addField);
    }
}
