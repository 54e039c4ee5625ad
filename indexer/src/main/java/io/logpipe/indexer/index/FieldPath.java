package io.logpipe.indexer.index;

import java.util.ArrayList;
import java.util.List;

/** Logstash field references: {@code name} (one top-level field, dots included) or {@code [a][b]} (nested). */
final class FieldPath {
    private FieldPath() {
    }

    /** The path segments of a reference; {@code [a][b]} gives {@code [a, b]}, {@code a.b} gives {@code [a.b]}. */
    static List<String> parse(String reference) {
        String ref = reference.trim();
        if (!ref.startsWith("[")) {
            return List.of(ref);
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (i < ref.length()) {
            if (ref.charAt(i) != '[') {
                throw new IllegalArgumentException("Invalid field reference: " + reference);
            }
            int close = ref.indexOf(']', i);
            if (close < 0 || close == i + 1) {
                throw new IllegalArgumentException("Invalid field reference: " + reference);
            }
            segments.add(ref.substring(i + 1, close));
            i = close + 1;
        }
        return List.copyOf(segments);
    }
}
