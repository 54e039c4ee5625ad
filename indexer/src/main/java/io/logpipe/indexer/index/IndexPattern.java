package io.logpipe.indexer.index;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled Logstash sprintf pattern such as {@code logstash-%{+YYYY.MM.dd}}.
 *
 * <ul>
 * <li>{@code %{+FORMAT}}: the event's {@code @timestamp} in UTC, FORMAT in Joda-Time letters ({@link JodaPattern});
 * {@code %{+%s}} is the epoch second.</li>
 * <li>{@code %{{FORMAT}}}: the same with java.time letters (Logstash 8).</li>
 * <li>{@code %{name}} and {@code %{[a][b]}}: a field's value; an array prints its elements joined by commas, an
 * object prints as JSON. A missing (or null) field leaves the reference as written, as Logstash does.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class IndexPattern {
    /** Reads the field values a pattern refers to; returns null for a missing field. */
    public interface Fields {
        String text(int field);
    }

    private sealed interface Part permits Literal, Time, EpochSecond, Field {
    }

    private record Literal(String text) implements Part {
    }

    private record Time(DateTimeFormatter formatter) implements Part {
    }

    private record EpochSecond() implements Part {
    }

    private record Field(int index, String reference) implements Part {
    }

    /**
     * One part of the pattern as written, for code that reads names back into dates (retention): {@code text} is
     * the literal, the date format (Joda letters for {@code JODA_DATE}, java.time letters for {@code JAVA_DATE},
     * without the braces), or the reference as written for {@code FIELD} and {@code EPOCH_SECOND}.
     */
    public record Segment(Kind kind, String text) {
        public enum Kind {
            LITERAL, JODA_DATE, JAVA_DATE, EPOCH_SECOND, FIELD
        }
    }

    private final String pattern;
    private final List<Part> parts;
    private final List<List<String>> fields;
    private final boolean dayGranular;
    private final List<Segment> segments;

    private IndexPattern(String pattern, List<Part> parts, List<List<String>> fields, boolean dayGranular,
            List<Segment> segments) {
        this.pattern = pattern;
        this.parts = parts;
        this.fields = fields;
        this.dayGranular = dayGranular;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException for a malformed pattern (unclosed reference, unknown date letter) */
    public static IndexPattern compile(String pattern) {
        List<Part> parts = new ArrayList<>();
        List<List<String>> fields = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        boolean dayGranular = true;
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int open = pattern.indexOf("%{", i);
            if (open < 0) {
                literal.append(pattern, i, pattern.length());
                break;
            }
            literal.append(pattern, i, open);
            boolean javaTime = open + 2 < pattern.length() && pattern.charAt(open + 2) == '{';
            int close = javaTime ? pattern.indexOf("}}", open + 3) : pattern.indexOf('}', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("Unclosed %{ in index pattern \"" + pattern + '"');
            }
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                segments.add(new Segment(Segment.Kind.LITERAL, literal.toString()));
                literal.setLength(0);
            }
            if (javaTime) {
                String format = pattern.substring(open + 3, close);
                parts.add(new Time(DateTimeFormatter.ofPattern(format).withZone(ZoneOffset.UTC)));
                segments.add(new Segment(Segment.Kind.JAVA_DATE, format));
                dayGranular = false;
                i = close + 2;
                continue;
            }
            String inner = pattern.substring(open + 2, close);
            if (inner.equals("+%s")) {
                parts.add(new EpochSecond());
                segments.add(new Segment(Segment.Kind.EPOCH_SECOND, "%{" + inner + "}"));
                dayGranular = false;
            } else if (inner.startsWith("+")) {
                JodaPattern.Compiled compiled = JodaPattern.compile(inner.substring(1));
                parts.add(new Time(compiled.formatter()));
                segments.add(new Segment(Segment.Kind.JODA_DATE, inner.substring(1)));
                dayGranular &= compiled.dateOnly();
            } else {
                parts.add(new Field(fields.size(), "%{" + inner + "}"));
                segments.add(new Segment(Segment.Kind.FIELD, "%{" + inner + "}"));
                fields.add(FieldPath.parse(inner));
                dayGranular = false;
            }
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
            segments.add(new Segment(Segment.Kind.LITERAL, literal.toString()));
        }
        return new IndexPattern(pattern, List.copyOf(parts), List.copyOf(fields), dayGranular, List.copyOf(segments));
    }

    /** The field paths this pattern reads, in the order {@link Fields#text(int)} is asked for them. */
    public List<List<String>> fields() {
        return fields;
    }

    /** The pattern's parts in order, as written. */
    public List<Segment> segments() {
        return segments;
    }

    /** True when the result depends only on the UTC day of the timestamp: it may be cached per day. */
    public boolean dayGranular() {
        return dayGranular;
    }

    /** The literal text before the first reference: what every produced name starts with. */
    public String literalPrefix() {
        return parts.isEmpty() || !(parts.get(0) instanceof Literal l) ? "" : l.text();
    }

    public String format(Instant timestamp, Fields values) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Time t) {
                t.formatter().formatTo(timestamp, out);
            } else if (part instanceof EpochSecond) {
                out.append(timestamp.getEpochSecond());
            } else if (part instanceof Field f) {
                String value = values.text(f.index());
                out.append(value != null ? value : f.reference());
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
