package io.logpipe.indexer.filter;

import java.util.ArrayList;
import java.util.List;

import io.logpipe.common.lscl.Options;

/**
 * A Logstash field reference, compiled once at start-up: {@code name} is one top-level field (dots are part of
 * the name), {@code [a][b]} a nested one; a numeric segment indexes an array ({@code [tags][0]}).
 */
public record FieldRef(List<String> path, String text) {

    /** @throws IllegalArgumentException for an empty or unbalanced reference */
    public static FieldRef parse(String reference) {
        String ref = reference.trim();
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty field reference");
        }
        if (!ref.startsWith("[")) {
            if (ref.indexOf('[') >= 0 || ref.indexOf(']') >= 0) {
                throw new IllegalArgumentException("invalid field reference " + reference);
            }
            return new FieldRef(List.of(ref), reference);
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (i < ref.length()) {
            int close = ref.indexOf(']', i);
            if (ref.charAt(i) != '[' || close < 0 || close == i + 1 || ref.lastIndexOf('[', close) != i) {
                throw new IllegalArgumentException("invalid field reference " + reference);
            }
            segments.add(ref.substring(i + 1, close));
            i = close + 1;
        }
        return new FieldRef(List.copyOf(segments), reference);
    }

    /** A reference given in a plugin option, compiled at start-up: a malformed one is refused at the option. */
    public static FieldRef option(Options options, String option, String reference) {
        try {
            return parse(reference);
        } catch (IllegalArgumentException e) {
            throw options.error(option, option + ": " + e.getMessage());
        }
    }

    public static FieldRef of(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String segment : path) {
            text.append('[').append(segment).append(']');
        }
        return new FieldRef(List.copyOf(path), text.toString());
    }

    /** The last segment: the field's own name. */
    public String name() {
        return path.get(path.size() - 1);
    }

    public boolean isTimestamp() {
        return path.size() == 1 && path.get(0).equals("@timestamp");
    }

    @Override
    public String toString() {
        return text;
    }
}
